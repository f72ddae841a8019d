import { runUntilSignal } from '../process.js';
import { describeSandbox, startSandboxServer } from './server.js';

/** `npm run sandbox`: the OMS sandbox alone over HTTP, for any HTTP client. */
runUntilSignal(async (config) => {
  const server = await startSandboxServer(config);
  console.log(describeSandbox(server));
  return server;
});
