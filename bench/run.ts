import { benchAnswerShape } from './answer-shape.js';
import { benchGraphqlDashboard } from './graphql-dashboard.js';
import { benchOmsClient, formatOmsClientBench } from './oms-client.js';
import { benchReplayFlood } from './replay-flood.js';
import { benchSellers } from './sellers.js';
import { machine, table } from './stats.js';
import { benchTextbook } from './textbook/compare.js';
import { benchFanout, formatFanoutBench } from './fanout.js';
import { benchSubscriptions, formatSubscriptionsBench } from './subscriptions.js';

/** `npm run bench`: every benchmark, printed as tables with the machine and date. */
async function main() {
  console.log(`# benchmarks · ${machine()}\n`);
  console.log('## OMS client: undici against fetch, and parsing a transaction page\n');
  console.log(formatOmsClientBench(await benchOmsClient()));
  console.log('\n## GraphQL seller dashboard: per-request loaders against the naive resolver path\n');
  const dashboard = await benchGraphqlDashboard();
  console.log(`${dashboard.summary}\n`);
  console.log(table(dashboard.rows));
  console.log('\n## The textbook gateway (Apollo Server 5 on Express, hand-written SDL, fetch, per-request DataLoaders) against this one\n');
  const textbook = await benchTextbook();
  console.log(`${textbook.summary}\n\nNothing cached (target: CPU/query ≤ 0.60×, req/s at 8 concurrent ≥ 1.5×)\n\n${table(textbook.dashboard)}\n`);
  console.log(`Repeated with nothing changed (target: req/s ≥ 30×, 0 OMS calls/query)\n\n${table(textbook.repeated)}\n`);
  console.log('No upstream: `{ viewer { role } }` against a bare Apollo Server 5 on Express (target: req/s ≥ 1.0×)\n');
  console.log(table(textbook.trivial));
  console.log('\n## Someone else’s id against a missing one (the baseline): OMS calls and latency at 25 ms per OMS call\n');
  console.log(table(await benchAnswerShape()));
  console.log('\n## Sellers of one tenant in a shared OMS account: the seller index against the scan\n');
  const sellers = await benchSellers();
  console.log(`${sellers.summary}\n`);
  console.log(table(sellers.rows));
  console.log('\n## Live status: webhooks to subscriptions across 2 instances\n');
  console.log(formatSubscriptionsBench(await benchSubscriptions()));
  console.log('\n## Fan-out: one instance, 19,000 subscriptions, 50 webhooks/s, against per-subscriber execution\n');
  console.log(formatFanoutBench(await benchFanout()));
  console.log('\n## Replay flood: resumes from "0-0" beside another tenant’s webhooks\n');
  const flood = await benchReplayFlood();
  console.log(`${flood.summary}\n\n${table(flood.rows)}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
