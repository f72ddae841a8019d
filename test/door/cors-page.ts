import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the page's `openStream` resolves to: the event stream's whole text as the page could read it, or the error fetch threw. */
export type PageStream = { ok: true; status: number; type: string | null; requestId: string | null; text: string } | { ok: false; error: string };

/** What the page's `callGateway` resolves to: the response as the page could read it, or the error fetch threw. */
export type PageFetch =
  | { ok: true; status: number; requestId: string | null; body: { data?: any; errors?: { message: string; extensions?: { code?: string } }[] } }
  | { ok: false; error: string };

export interface PageServer {
  /** The page's origin, as the browser sends it in Origin: `http://127.0.0.1:<port>`. */
  origin: string;
  /** The page's address, calling the gateway at `gatewayUrl`. */
  url(gatewayUrl: string): string;
  close(): Promise<void>;
}

/**
 * A dashboard on an origin of its own: one HTML page, at `/?gateway=<url>`, whose script calls the
 * gateway at that URL the way a browser client does (the page server starts before the gateway,
 * which must know the page's origin). It defines `callGateway(token, query)` (a fetch POST
 * with a bearer and a JSON body, so a preflight first), `openStream(token, query)` (the same POST
 * asking for text/event-stream, as graphql-sse's client sends it, read to its end) and
 * `openSocket(token)` (graphql-ws's first steps: connection_init with the bearer, then close on
 * connection_ack), which resolves with every event the socket saw, ending with `close <code>`.
 */
export async function startPageServer(): Promise<PageServer> {
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>dashboard</title></head><body><script>
const GATEWAY = new URLSearchParams(location.search).get('gateway');
window.callGateway = async (token, query) => {
  try {
    const response = await fetch(GATEWAY, {
      method: 'POST',
      headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    return { ok: true, status: response.status, requestId: response.headers.get('x-request-id'), body: await response.json() };
  } catch (error) {
    return { ok: false, error: error.name + ': ' + error.message };
  }
};
window.openStream = async (token, query) => {
  try {
    const response = await fetch(GATEWAY, {
      method: 'POST',
      headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query }),
    });
    const type = response.headers.get('content-type');
    return { ok: true, status: response.status, type, requestId: response.headers.get('x-request-id'), text: await response.text() };
  } catch (error) {
    return { ok: false, error: error.name + ': ' + error.message };
  }
};
window.openSocket = (token) => new Promise((resolve) => {
  const events = [];
  const ws = new WebSocket(GATEWAY.replace(/^http/, 'ws'), 'graphql-transport-ws');
  ws.onopen = () => {
    events.push('open');
    ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: 'Bearer ' + token } }));
  };
  ws.onmessage = (event) => {
    const message = JSON.parse(event.data);
    events.push(message.type);
    if (message.type === 'connection_ack') ws.close(1000);
  };
  ws.onerror = () => events.push('error');
  ws.onclose = (event) => {
    events.push('close ' + event.code);
    resolve(events);
  };
});
</script></body></html>`;
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || new URL(req.url ?? '/', 'http://page').pathname !== '/') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    url: (gatewayUrl) => `http://127.0.0.1:${port}/?gateway=${encodeURIComponent(gatewayUrl)}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
