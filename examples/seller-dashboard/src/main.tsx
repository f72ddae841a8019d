import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App.js';
import { readConfig } from './config.js';
import './styles.css';

const root = document.getElementById('dashboard');
if (!root) throw new Error('The page has no #dashboard element');
try {
  const config = readConfig(document);
  createRoot(root).render(
    <StrictMode>
      <App config={config} />
    </StrictMode>,
  );
} catch (error) {
  root.textContent = `The dashboard cannot start: ${(error as Error).message}`;
  throw error;
}
