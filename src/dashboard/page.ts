import type { BuiltWebApp } from '../web/serve.js';
import { attribute, contentSecurityPolicy, jsonForScript } from '../web/page.js';

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

/** The page's Content-Security-Policy: the shared one (src/web/page.ts), no inline style either. */
export function dashboardContentSecurityPolicy(host: string | undefined): string {
  return contentSecurityPolicy(host);
}
