import { table } from '../stats.js';
import { benchTextbook } from './compare.js';

/** The comparison alone: `npx tsx bench/textbook/main.ts`. */
const result = await benchTextbook();
console.log(`${result.summary}\n\n${table(result.dashboard)}\n\n${table(result.repeated)}\n\n${table(result.trivial)}`);
process.exit(0);
