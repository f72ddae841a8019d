/**
 * What the gateway's pages (the playground, the example seller dashboard) share: a Content-Security-
 * Policy that lets them load and connect to the gateway alone, and the escaping of what the server
 * writes into their HTML.
 */

/**
 * Scripts, styles, images and requests from the gateway alone; no inline script, no eval, no frames,
 * no forms posting anywhere. `directives` add to or replace (by name) the defaults, e.g. a page that
 * needs inline styles. `'self'` covers ws(s): of the same host in CSP3; the explicit ws/wss sources,
 * when the Host header is a plain host[:port], are for browsers that predate that.
 */
export function contentSecurityPolicy(host: string | undefined, directives: Record<string, string> = {}): string {
  const sockets = host && /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host) ? ` ws://${host} wss://${host}` : '';
  const policy: Record<string, string> = {
    'default-src': "'none'",
    'script-src': "'self'",
    'style-src': "'self'",
    'img-src': "'self' data:",
    'connect-src': `'self'${sockets}`,
    'base-uri': "'none'",
    'form-action': "'none'",
    'frame-ancestors': "'none'",
    ...directives,
  };
  return Object.entries(policy)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');
}

/** JSON that cannot end its <script> element or open a comment there, whatever the strings hold. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A value for a double-quoted HTML attribute. */
export function attribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
