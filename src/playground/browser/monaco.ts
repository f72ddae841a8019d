/** Where the page finds Monaco's workers: files of this app's build, on the gateway's own origin. */
export interface WorkerUrls {
  editor: string;
  json: string;
  graphql: string;
}

/**
 * Tells Monaco (GraphiQL 5's editor) how to start its workers. GraphiQL's own setups load them from a
 * CDN (esm.sh) or rely on Vite's or webpack's worker handling; here they are entries of the same esbuild
 * build, ES modules served by the gateway, so the page needs no other host. Must run before GraphiQL
 * first renders an editor.
 */
export function setUpMonacoWorkers(urls: WorkerUrls): void {
  (globalThis as { MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker } }).MonacoEnvironment = {
    getWorker(_workerId, label) {
      const url = label === 'json' ? urls.json : label === 'graphql' ? urls.graphql : urls.editor;
      return new Worker(url, { type: 'module', name: label });
    },
  };
}
