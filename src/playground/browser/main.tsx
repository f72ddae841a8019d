import 'graphiql/style.css';
import './playground.css';
import { GraphiQL } from 'graphiql';
import { createRoot } from 'react-dom/client';
import { tourTabs } from '../tour.js';
import { createPlaygroundFetcher } from './fetcher.js';
import { setUpMonacoWorkers, type WorkerUrls } from './monaco.js';

/** What the page's JSON block holds (src/playground/page.ts writes it). */
interface PageConfig {
  endpoint: string;
  authorization: string | null;
  defaultHeaders: string;
  workers: WorkerUrls;
}

const config = JSON.parse(document.getElementById('playground-config')!.textContent!) as PageConfig;
setUpMonacoWorkers(config.workers);

const headers = config.defaultHeaders || null;
const tabs = tourTabs(config.authorization !== null).map(({ query, variables }) => ({
  query,
  variables: variables === undefined ? null : JSON.stringify(variables, null, 2),
  headers,
}));

// `#query=...` (and `#variables=...`) open a tab with that operation, first; the hash never reaches
// the server, and a `?query=` would be a GraphQL GET instead. GraphiQL finds (or adds) the tab in
// tabs kept from an earlier visit; on a first visit it is the first of the default tabs.
const initial = new URLSearchParams(location.hash.slice(1));
const query = initial.get('query');
const variables = initial.get('variables');
const linked = query === null ? [] : [{ query, variables, headers }];
const defaultTabs = [...linked, ...tabs];

// GraphiQL fills the first tab's operation editor from the default tabs, but not its variables editor
// (that comes from `initialVariables` or what it stored): on a first visit, say them outright. A
// returning visitor gets the tabs GraphiQL stored (graphiql:tabState in localStorage) instead.
const firstVisit = localStorage.getItem('graphiql:tabState') === null;
const initialProps =
  query !== null
    ? { initialQuery: query, initialVariables: variables ?? (firstVisit ? '' : undefined) }
    : firstVisit
      ? { initialVariables: defaultTabs[0]!.variables ?? '' }
      : {};

createRoot(document.getElementById('graphiql')!).render(
  <GraphiQL
    fetcher={createPlaygroundFetcher({ url: new URL(config.endpoint, location.href).href, authorization: config.authorization })}
    defaultTabs={defaultTabs}
    defaultHeaders={config.defaultHeaders}
    {...initialProps}
    shouldPersistHeaders={false}
    // The tour's steps are about their variables (ids to paste): show those, Headers is one click away.
    defaultEditorToolsVisibility="variables"
  />,
);
