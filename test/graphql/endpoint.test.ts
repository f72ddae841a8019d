import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { beside, key, scrape } from '../ops/support.js';

/** One HTTP/1.1 exchange over a raw socket (fetch would rewrite the request-target and add headers); the whole answer as text. */
function raw(url: string, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    let out = '';
    socket.on('data', (chunk) => (out += chunk));
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
    socket.end(request);
  });
}

/**
 * The GraphQL endpoint is served on Node's own request and response, beside Express (src/graphql/http.ts):
 * what Express gave it (the path, HEAD, the answer's headers) still holds, and a kept answer is sent as an
 * executed one is.
 */
describe('the GraphQL endpoint', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t?.close());

  const post = (url: string, query: string, headers: Record<string, string> = {}) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.keys.acme}`, ...headers },
      body: JSON.stringify({ query }),
    });

  it('answers at its path with or without a trailing slash, and nowhere under it', async () => {
    for (const path of ['/graphql', '/graphql/', '/graphql?x=1']) {
      const response = await post(beside(t.gateway.url, path), '{ viewer { role } }');
      expect(response.status, path).toBe(200);
      expect(await response.json()).toEqual({ data: { viewer: { role: 'TENANT' } } });
    }
    const under = await post(beside(t.gateway.url, '/graphql/more'), '{ viewer { role } }');
    expect(under.status).toBe(404);
  });

  it('matches its path in any case, in absolute form, and without a fragment, as Express did', async () => {
    for (const path of ['/GRAPHQL', '/Graphql/']) {
      const response = await post(beside(t.gateway.url, path), '{ viewer { role } }');
      expect(response.status, path).toBe(200);
    }
    const { host } = new URL(t.gateway.url);
    const body = JSON.stringify({ query: '{ viewer { role } }' });
    const headers = `Host: ${host}\r\nAuthorization: Bearer ${t.keys.acme}\r\nConnection: close\r\n`;
    const absolute = await raw(
      t.gateway.url,
      `POST http://${host}/graphql HTTP/1.1\r\n${headers}Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    expect(absolute.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    expect(absolute).toContain('{"data":{"viewer":{"role":"TENANT"}}}');
    // Past `#` is no parameter: the second `query` would otherwise be a repeated one, refused.
    const fragment = await raw(t.gateway.url, `GET /graphql?query=${encodeURIComponent('{ viewer { role } }')}#&query=x HTTP/1.1\r\n${headers}\r\n`);
    expect(fragment.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
  });

  it("answers a browser's HEAD of the playground page with the page's headers", async () => {
    const head = await fetch(t.gateway.url, { method: 'HEAD', headers: { accept: 'text/html' } });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await head.text()).toBe('');
  });

  it('sends a kept answer with the same status, headers and body as the run that kept it', async () => {
    const query = '{ viewer { role tenant { id } } }';
    const hits = async () => (await scrape(beside(t.gateway.url, '/metrics'))).get(key('gateway_answer_cache_total', { result: 'hit' })) ?? 0;
    const first = await post(t.gateway.url, query, { 'x-request-id': 'endpoint-first' });
    const before = await hits();
    const second = await post(t.gateway.url, query, { 'x-request-id': 'endpoint-second' });
    // The second was the kept answer, not a second run.
    expect(await hits()).toBe(before + 1);
    const shown = (response: Response) => ({
      status: response.status,
      type: response.headers.get('content-type'),
      cache: response.headers.get('cache-control'),
      length: response.headers.get('content-length'),
    });
    expect(shown(second)).toEqual(shown(first));
    expect(shown(first)).toMatchObject({ status: 200, type: 'application/json; charset=utf-8', cache: 'no-store' });
    expect([first.headers.get('x-request-id'), second.headers.get('x-request-id')]).toEqual(['endpoint-first', 'endpoint-second']);
    const body = await first.text();
    expect(await second.text()).toBe(body);
    expect(Number(first.headers.get('content-length'))).toBe(Buffer.byteLength(body));
  });

  it('answers HEAD without a body, and a refusal as JSON with its length', async () => {
    const head = await fetch(t.gateway.url, { method: 'HEAD', headers: { authorization: `Bearer ${t.keys.acme}` } });
    expect(await head.text()).toBe('');
    const refused = await post(t.gateway.url, '{ viewer { role } }', { authorization: 'Bearer nope' });
    expect(refused.status).toBe(401);
    const text = await refused.text();
    expect(Number(refused.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    expect(JSON.parse(text)).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
  });
});
