import { benchGraphqlDashboard } from './graphql-dashboard.js';
import { benchOmsClient } from './oms-client.js';
import { benchSellers } from './sellers.js';
import { machine, table } from './stats.js';
import { benchSubscriptions, formatSubscriptionsBench } from './subscriptions.js';

/** `npm run bench`: every benchmark, printed as tables with the machine and date. */
async function main() {
  console.log(`# benchmarks · ${machine()}\n`);
  console.log('## OMS client against the sandbox\n');
  console.log(table(await benchOmsClient()));
  console.log('\n## GraphQL seller dashboard: per-request loaders against the naive resolver path\n');
  const dashboard = await benchGraphqlDashboard();
  console.log(`${dashboard.summary}\n`);
  console.log(table(dashboard.rows));
  console.log('\n## Sellers of one tenant in a shared OMS account: the seller index against the scan\n');
  const sellers = await benchSellers();
  console.log(`${sellers.summary}\n`);
  console.log(table(sellers.rows));
  console.log('\n## Live status: webhooks to subscriptions across 2 instances\n');
  console.log(formatSubscriptionsBench(await benchSubscriptions()));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
