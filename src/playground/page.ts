import type { PlaygroundAssetUrls } from './assets.js';

export interface PlaygroundPageOptions {
  /** The GraphQL endpoint's path, e.g. /graphql; HTTP and WebSocket use it on the page's origin. */
  endpoint: string;
  /** A token the headers editor starts with, as `Authorization: Bearer <token>`. */
  token: string | undefined;
  assets: PlaygroundAssetUrls;
}

/** The settings the browser code reads from the page's JSON block. */
export interface PlaygroundConfig {
  endpoint: string;
  /** The Authorization value used when the headers editor has none; null without a token. */
  authorization: string | null;
  /** The headers editor's initial contents (JSON text), empty without a token. */
  defaultHeaders: string;
  defaultQuery: string;
}

/** The playground's HTML. It has no inline script: settings travel in a JSON data block. */
export function renderPlaygroundPage(options: PlaygroundPageOptions): string {
  const authorization = options.token === undefined ? null : `Bearer ${options.token}`;
  const config: PlaygroundConfig = {
    endpoint: options.endpoint,
    authorization,
    defaultHeaders: authorization === null ? '' : JSON.stringify({ Authorization: authorization }, null, 2),
    defaultQuery: defaultPlaygroundQuery(authorization !== null),
  };
  const { assets } = options;
  const script = (src: string) => `<script defer src="${attribute(src)}"></script>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>OMS Gateway Playground</title>
<link rel="stylesheet" href="${attribute(assets.graphiqlCss)}">
<link rel="stylesheet" href="${attribute(assets.styles)}">
${[assets.react, assets.reactDom, assets.graphiql, assets.graphqlWs, assets.client].map(script).join('\n')}
<script type="application/json" id="playground-config">${jsonForScript(config)}</script>
</head>
<body>
<div id="graphiql">Loading the playground…</div>
</body>
</html>
`;
}

/**
 * The page's Content-Security-Policy: scripts, styles, fonts and images from the gateway alone (the
 * fonts and icons GraphiQL's CSS embeds are data: URLs), requests to the gateway alone. GraphiQL runs
 * without 'unsafe-eval'; styles need 'unsafe-inline' because its dialogs (settings, shortcuts) inject
 * a <style> element. `'self'` covers ws(s): of the same host in CSP3; the explicit ws/wss sources,
 * when the Host header is a plain host[:port], are for browsers that predate that.
 */
export function playgroundContentSecurityPolicy(host: string | undefined): string {
  const sockets = host && /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self'${sockets}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The query a first visit shows: who am I, and the sellers with their wallets, balances and transactions. */
export function defaultPlaygroundQuery(withToken: boolean): string {
  const auth = withToken
    ? `# The Authorization header (Headers, below)
# holds the demo tenant's API key: everything
# here runs as that tenant.`
    : `# Put a tenant API key in Headers (below):
#   { "Authorization": "Bearer <key>" }`;
  return `# OMS Gateway Playground
#
${auth}
# Run with the play button or Ctrl-Enter.
#
# Queries and mutations go over HTTP and
# subscriptions over graphql-ws, both on this
# URL. The book icon (top left) opens the docs.

query Overview {
  viewer {
    role
    tenant { id name }
  }
  sellers(first: 5) {
    nodes {
      id
      firstName
      lastName
      status
      wallets {
        id
        network
        asset
        address
        balance { available pending updatedAt }
      }
      transactions(first: 5) {
        nodes {
          id
          type
          status
          createdAt
          source { asset amountGross }
          destination { asset amountNet }
        }
      }
    }
  }
}
`;
}

/** JSON that cannot end its <script> element or open a comment there, whatever the strings hold. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function attribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
