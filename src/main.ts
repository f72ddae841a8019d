import { runUntilSignal } from './process.js';
import { describeSandbox, startSandboxServer } from './sandbox/server.js';

/**
 * Process entry. Until the GraphQL gateway lands this serves the OMS sandbox, so `npm start` on a
 * fresh machine gives a working OMS to explore.
 */
runUntilSignal(async (config) => {
  const server = await startSandboxServer(config);
  console.log(describeSandbox(server));
  return server;
});
