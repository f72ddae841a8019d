import type { BuiltWebApp } from '../web/serve.js';

/** A seller the demo offers to sign in as. */
export interface DemoSeller {
  id: string;
  name: string;
}

/** The settings the page's code reads from its JSON block (examples/seller-dashboard/src/config.ts checks them). */
export interface DashboardPageConfig {
  endpoint: string;
  trustedDocuments: boolean;
  demo: { sessionUrl: string; sellers: DemoSeller[] } | null;
}

/** The dashboard's HTML: its built script and stylesheet, and its settings in a JSON block (no inline script). */
export function renderDashboardPage(assets: BuiltWebApp['entries'][string], config: DashboardPageConfig): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>Seller dashboard</title>
${assets.css ? `<link rel="stylesheet" href="${attribute(assets.css)}">\n` : ''}<script type="module" src="${attribute(assets.js)}"></script>
<script type="application/json" id="dashboard-config">${jsonForScript(config)}</script>
</head>
<body>
<div id="dashboard"><noscript>The seller dashboard needs JavaScript.</noscript></div>
</body>
</html>
`;
}

/**
 * The page's Content-Security-Policy: scripts, styles and requests to the gateway alone, no inline
 * script or style, no eval, no frames, no forms posting anywhere. `'self'` covers ws(s): of the same
 * host in CSP3; the explicit ws/wss sources, when the Host header is a plain host[:port], are for
 * browsers that predate that.
 */
export function dashboardContentSecurityPolicy(host: string | undefined): string {
  const sockets = host && /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self'${sockets}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** JSON that cannot end its <script> element or open a comment there, whatever the strings hold. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function attribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
