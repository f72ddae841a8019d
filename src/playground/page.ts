import type { BuiltWebApp } from '../web/serve.js';
import { attribute, contentSecurityPolicy, jsonForScript } from '../web/page.js';

export interface PlaygroundPageOptions {
  /** The GraphQL endpoint's path, e.g. /graphql; HTTP and WebSocket use it on the page's origin. */
  endpoint: string;
  /** A token the headers editor starts with, as `Authorization: Bearer <token>`. */
  token: string | undefined;
  /** The built app (src/playground/browser): its page script and stylesheet, and Monaco's workers. */
  app: BuiltWebApp;
}

/** The settings the browser code (src/playground/browser/main.tsx) reads from the page's JSON block. */
export interface PlaygroundConfig {
  endpoint: string;
  /** The Authorization value used when the headers editor has none; null without a token. */
  authorization: string | null;
  /** The headers editor's initial contents (JSON text), empty without a token. */
  defaultHeaders: string;
  /** Where Monaco's workers are (URL paths on the gateway). */
  workers: { editor: string; json: string; graphql: string };
}

/** The playground's HTML. It has no inline script: settings travel in a JSON data block. */
export function renderPlaygroundPage(options: PlaygroundPageOptions): string {
  const authorization = options.token === undefined ? null : `Bearer ${options.token}`;
  const entry = (name: string) => {
    const found = options.app.entries[name];
    if (!found) throw new Error(`The playground's build has no ${name} entry: run \`npm run build:web\``);
    return found;
  };
  const page = entry('playground');
  const config: PlaygroundConfig = {
    endpoint: options.endpoint,
    authorization,
    defaultHeaders: authorization === null ? '' : JSON.stringify({ Authorization: authorization }, null, 2),
    workers: { editor: entry('editor.worker').js, json: entry('json.worker').js, graphql: entry('graphql.worker').js },
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>OMS Gateway Playground</title>
${page.css ? `<link rel="stylesheet" href="${attribute(page.css)}">` : ''}
<script type="module" src="${attribute(page.js)}"></script>
<script type="application/json" id="playground-config">${jsonForScript(config)}</script>
</head>
<body>
<div id="graphiql">Loading the playground…</div>
</body>
</html>
`;
}

/**
 * The page's Content-Security-Policy: scripts, workers, styles, fonts and images from the gateway
 * alone, requests to the gateway alone. GraphiQL and Monaco run without 'unsafe-eval'. What is
 * allowed beyond 'self', and why:
 * - style-src 'unsafe-inline': Monaco writes <style> elements and style attributes at run time
 *   (its theme's colours, decorations, the sizes of its views), and GraphiQL's dialogs do too.
 * - img-src and font-src data:: GraphiQL's stylesheet embeds its fonts and icons as data: URLs.
 * - worker-src 'self': Monaco's editor, JSON and GraphQL workers, files of the same build (it is
 *   what script-src would allow anyway; said outright so no blob: or data: worker is).
 * - connect-src ws:/wss: of the Host, when it is a plain host[:port]: `'self'` covers same-host
 *   WebSockets in CSP3; these are for browsers that predate that.
 */
export function playgroundContentSecurityPolicy(host: string | undefined): string {
  return contentSecurityPolicy(host, {
    'worker-src': "'self'",
    'style-src': "'self' 'unsafe-inline'",
    'font-src': "'self' data:",
  });
}
