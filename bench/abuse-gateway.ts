import { pino } from 'pino';
import { startGateway } from '../src/server.js';
import { hashApiKey, newApiKey } from '../src/tenancy/api-keys.js';
import { parseTenantsFile } from '../src/tenancy/tenants-file.js';
import { benchConfig } from './config.js';

/**
 * One gateway in its own process, for bench/abuse.ts: its RSS is its own, and the load generator's
 * work is not in it. As test/support/gateway.ts: tenants acme and globex on one embedded sandbox, the
 * memory event log, budgets lifted. argv[2]: JSON of environment overrides (the baseline's limits).
 * Over IPC: `ready` with its URL, keys and an acme seller's session token; `rss` answered after gc.
 */
const keys = { acme: newApiKey('acme'), globex: newApiKey('globex') };
const tenants = parseTenantsFile({
  omsAccounts: [{ kind: 'sandbox', id: 'shared' }],
  tenants: (['acme', 'globex'] as const).map((id) => ({ id, name: id, omsAccount: 'shared', apiKeyHashes: [hashApiKey(keys[id])] })),
});
const config = benchConfig({ RATE_LIMIT_PER_MINUTE: '1000000', SELLER_SHARE: '1', ...JSON.parse(process.argv[2] ?? '{}') });
const gateway = await startGateway({ config, tenants, logger: pino({ level: 'silent' }), sandbox: { completionDelayMs: 5, followUpDelayMs: 5 } });

/** The seller and its token are made as a marketplace backend makes them: through the gateway, with acme's key. */
async function asAcme(query: string, variables: Record<string, unknown>) {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${keys.acme}` };
  const response = await fetch(gateway.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return ((await response.json()) as { data: Record<string, { seller: { id: string }; session: { token: string } }> }).data;
}
const seller = { firstName: 'Abuse', lastName: 'Bench', email: 'abuse@example.com' };
const { createSeller } = await asAcme('mutation($input: CreateSellerInput!) { createSeller(input: $input) { seller { id } } }', { input: seller });
const { createSellerSession } = await asAcme('mutation($id: ID!) { createSellerSession(input: { sellerId: $id }) { session { token } } }', {
  id: createSeller!.seller.id,
});

process.on('message', async (message: { type: string }) => {
  if (message.type === 'rss') {
    // A few passes: weak callbacks and finalizers run between them and free what they held.
    for (let i = 0; i < 3; i += 1) {
      (globalThis as { gc?: () => void }).gc?.();
      await new Promise((done) => setTimeout(done, 100));
    }
    const { rss, heapUsed } = process.memoryUsage();
    process.send!({ type: 'rss', rss, heap: heapUsed });
  } else if (message.type === 'close') {
    await gateway.close();
    process.exit(0);
  }
});
// The parent went away without saying goodbye: do not outlive it.
process.on('disconnect', () => process.exit(0));
process.send!({ type: 'ready', url: gateway.url, keys, sellerToken: createSellerSession!.session.token });
