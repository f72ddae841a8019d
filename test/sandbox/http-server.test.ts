import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createOmsClient } from '../../src/oms/index.js';
import { describeSandbox, startSandboxServer, type SandboxServer } from '../../src/sandbox/server.js';

describe('the sandbox over HTTP (npm run sandbox)', () => {
  let server: SandboxServer | undefined;
  afterAll(() => server?.close());

  it('listens on a real port, prints how to reach it, and serves the real client over the network', async () => {
    server = await startSandboxServer(
      loadConfig({ PORT: '0', HOST: '127.0.0.1', SANDBOX_API_KEY: 'sk_sdbx_http_test', SANDBOX_API_SECRET: 'a-secret-of-sixteen+' }),
    );
    const text = describeSandbox(server);
    expect(text).toContain(server.url);
    expect(text).toContain('sk_sdbx_http_test');
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v0\.9$/);

    const client = createOmsClient({ baseUrl: server.url, apiKey: 'sk_sdbx_http_test', apiSecret: 'a-secret-of-sixteen+' });
    const customer = await client.customers.create({ firstName: 'Over', lastName: 'Http' });
    expect(await client.customers.get(customer.id)).toEqual(customer);
    const raw = await fetch(`${server.url}/customers/${customer.id}`);
    expect(raw.status).toBe(401);
    expect(raw.headers.get('x-request-id')).toMatch(/^req_/);
  });
});
