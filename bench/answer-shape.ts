import { pino } from 'pino';
import { createOmsClient } from '../src/oms/index.js';
import { embeddedAccount } from '../src/sandbox/account.js';
import { createSandbox } from '../src/sandbox/app.js';
import { startGateway } from '../src/server.js';
import { hashApiKey, newApiKey } from '../src/tenancy/api-keys.js';
import { createOwnershipCache } from '../src/tenancy/ownership-cache.js';
import { TENANT_METADATA_KEY } from '../src/tenancy/ownership.js';
import { parseTenantsFile } from '../src/tenancy/tenants-file.js';
import { percentile } from './stats.js';
import { benchConfig } from './config.js';

/**
 * Someone else's id against a missing one, side by side: what a stranger measures when it probes ids.
 * Globex's key asks for acme's objects (foreign) and for ids of the same kind that name nothing
 * (missing, the baseline), alternating, with 25 ms of OMS latency per call; with the gateway's
 * ownership cache warm, and emptied before every request (cold). Before issue 9 a foreign id took
 * two OMS calls in a row and a missing one one: 53-55 ms against 28 ms, a ratio near 1.9.
 */

const LATENCY_MS = 25;
const SAMPLES = 20;

const ENDORSEMENTS = ['basic', 'cryptoCustody', 'usd'] as const;
const MISSING_SUFFIX = '01ZZZZZZZZZZZZZZZZZZZZZZZZ';
const missingLike = (id: string) => `${id.slice(0, id.indexOf('_') + 1)}${MISSING_SUFFIX}`;

export async function benchAnswerShape(): Promise<Record<string, string | number>[]> {
  const keys = { acme: newApiKey('acme'), globex: newApiKey('globex') };
  const tenants = parseTenantsFile({
    omsAccounts: [{ kind: 'sandbox', id: 'shared' }],
    tenants: ['acme', 'globex'].map((id) => ({
      id,
      name: id,
      omsAccount: 'shared',
      apiKeyHashes: [hashApiKey(keys[id as keyof typeof keys])],
      limits: { requestsPerMinute: 1_000_000 },
    })),
  });
  const config = benchConfig();
  const sandbox = createSandbox({ completionDelayMs: 5, followUpDelayMs: 5 });
  let calls = 0;
  const account = embeddedAccount('shared', sandbox, {
    timeoutMs: config.omsTimeoutMs,
    fetch: (input, init) => {
      if (!String(input instanceof Request ? input.url : input).endsWith('/auth/token')) calls += 1;
      return sandbox.fetch(input, init);
    },
  });
  const ownership = createOwnershipCache();
  const gateway = await startGateway({ config, tenants, logger: pino({ level: 'silent' }), accounts: [account], ownership });
  try {
    const oms = createOmsClient({ baseUrl: sandbox.baseUrl, ...sandbox.accounts[0]!, fetch: sandbox.fetch });
    const seller = async (tenant: string) =>
      oms.customers.create({ firstName: tenant, lastName: 'Bench', metadata: { [TENANT_METADATA_KEY]: tenant }, endorsements: [...ENDORSEMENTS] });
    const [a, g] = [await seller('acme'), await seller('globex')];
    await sandbox.idle();
    const [wallet, own] = [
      await oms.wallets.create(a.id, { asset: 'usdc', chain: 'polygon' }),
      await oms.wallets.create(g.id, { asset: 'usdc', chain: 'polygon' }),
    ];
    const va = await oms.virtualAccounts.create(a.id, {
      source: { asset: 'usd', network: 'usBank' },
      destination: { wallet: { wallet: wallet.id }, asset: 'usdc', network: 'polygon' },
    });
    const { transactionId: depositId } = await oms.virtualAccounts.simulate(va.id, { rail: 'ach_in', amount: { currency: 'USD', value: '50000' } });
    await sandbox.idle();

    const ask = async (query: string, variables: Record<string, unknown>) => {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.globex}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
      if (body.errors) throw new Error(`bench query failed: ${JSON.stringify(body).slice(0, 300)}`);
    };
    const byId = (field: string) => (id: string) => ask(`query($id: ID!) { ${field}(id: $id) { id } }`, { id });
    const kinds: { name: string; id: string; run: (id: string) => Promise<void> }[] = [
      { name: 'wallet(id)', id: wallet.id, run: byId('wallet') },
      { name: 'transaction(id)', id: depositId, run: byId('transaction') },
      { name: 'node(id) (wallet)', id: wallet.id, run: byId('node') },
      {
        name: 'createQuote(sourceWalletId)',
        id: wallet.id,
        run: (id) =>
          ask('mutation($input: CreateQuoteInput!) { createQuote(input: $input) { quote { id } userErrors { code } } }', {
            input: { sellerId: g.id, sourceWalletId: id, sourceAmount: '1.00', destinationWalletId: own.id, idempotencyKey: `bench-${(n += 1)}` },
          }),
      },
    ];

    let n = 0;
    sandbox.faults.latencyMs = LATENCY_MS;
    const rows: Record<string, string | number>[] = [];
    for (const cache of ['warm', 'cold'] as const) {
      for (const kind of kinds) {
        const samples = { foreign: [] as number[], missing: [] as number[] };
        const counts = { foreign: 0, missing: 0 };
        const once = async (which: 'foreign' | 'missing') => {
          if (cache === 'cold') ownership.clear();
          calls = 0;
          const t0 = performance.now();
          await kind.run(which === 'foreign' ? kind.id : missingLike(kind.id));
          samples[which].push(performance.now() - t0);
          counts[which] += calls;
        };
        await once('foreign'); // warm-up: the first request of a kind pays for the JIT (and, warm, fills the cache)
        await once('missing');
        samples.foreign.length = samples.missing.length = 0;
        counts.foreign = counts.missing = 0;
        // Alternating, and which goes first alternates too, so neither rides the other's warm-up.
        for (let i = 0; i < SAMPLES; i += 1) {
          for (const which of i % 2 === 0 ? (['foreign', 'missing'] as const) : (['missing', 'foreign'] as const)) await once(which);
        }
        const p50 = (xs: number[]) =>
          percentile(
            [...xs].sort((x, y) => x - y),
            50,
          );
        rows.push({
          cache,
          'id of': kind.name,
          'foreign OMS calls': counts.foreign / SAMPLES,
          'missing OMS calls': counts.missing / SAMPLES,
          'foreign p50 ms': p50(samples.foreign),
          'missing p50 ms': p50(samples.missing),
          'foreign / missing': `${(p50(samples.foreign) / p50(samples.missing)).toFixed(2)}×`,
        });
      }
    }
    return rows;
  } finally {
    await gateway.close();
    sandbox.close();
  }
}
