import { hashApiKey, newApiKey } from './api-keys.js';

/**
 * `npm run hash-key -- <tenantId>`: makes a new tenant API key and prints it with the hash to put in
 * the tenants file. `npm run hash-key -- --hash <key>` hashes an existing key.
 */
const [first, second] = process.argv.slice(2);
if (first === '--hash' && second) {
  console.log(hashApiKey(second));
} else if (first && /^[a-z0-9][a-z0-9_-]{0,39}$/.test(first)) {
  const key = newApiKey(first);
  console.log(`API key (give it to the tenant, store it nowhere): ${key}`);
  console.log(`apiKeyHashes entry for the tenants file:          ${hashApiKey(key)}`);
} else {
  console.error('usage: npm run hash-key -- <tenantId>   |   npm run hash-key -- --hash <key>');
  process.exit(2);
}
