import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError, loadConfig } from '../config.js';
import { OmsError, type Webhook } from '../oms/index.js';
import { openOmsAccount, type OmsAccount } from '../tenancy/accounts.js';
import { readTenantsFile } from '../tenancy/tenants-file.js';
import { type Created, listSubscriptions, registerSubscriptions, removeSubscriptions, rotateSubscriptions, SetupRefused, webhookUrl } from './setup.js';

/**
 * `npm run webhooks -- <command> --account <id> ...`: points an OMS account's webhooks at the gateway
 * (src/webhooks/setup.ts) and prints what to put in the tenants file. The account and its credentials
 * come from where the gateway reads them: TENANTS_FILE (or --tenants-file), else OMS_BASE_URL,
 * OMS_API_KEY and OMS_API_SECRET as account "oms". Exit status 0 done, 1 failed, 2 bad arguments.
 */

export const USAGE = `usage: npm run webhooks -- <command> --account <id> [options]
  register --url <gateway URL>   subscribe the gateway to the account's events (every event, and complianceOnly); idempotent
  list [--url <gateway URL>]     the account's subscriptions
  rotate --url <gateway URL>     new subscriptions (new secrets) beside the current ones; then remove the old by id
  remove --url <gateway URL>     delete every subscription at that URL
  remove --id <whk_…> [--id …]   delete these subscriptions
options: --tenants-file <path> (default TENANTS_FILE; without one, OMS_BASE_URL and its credentials as account "oms")
<gateway URL> is the gateway's public base URL (https://gateway.example.com); the command adds /webhooks/oms/<account>.`;

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

// Options as the operator typed them, so every message can name the option.
const account = z
  .string({ error: 'is required' })
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'expected an OMS account id of the tenants file (1-40 of a-z, 0-9, _ and -)');
// The refinements pass what z.url() already refused, so one message says what is wrong.
const parsedUrl = (value: string) => (URL.canParse(value) ? new URL(value) : undefined);
const gatewayUrl = z
  .url({ protocol: /^https?$/, error: "expected the gateway's public URL, like https://gateway.example.com" })
  .refine((value) => {
    const url = parsedUrl(value);
    return !url || url.protocol === 'https:' || LOOPBACK.includes(url.hostname);
  }, 'OMS delivers to https URLs only (http only for localhost)')
  .refine((value) => !parsedUrl(value)?.search && !parsedUrl(value)?.hash, 'expected no query or fragment');
const hookIds = z.array(z.string().regex(/^whk_\w+$/, 'expected a subscription id like whk_…')).min(1);

const Command = z.discriminatedUnion('command', [
  z.strictObject({ command: z.literal('register'), account, url: gatewayUrl }),
  z.strictObject({ command: z.literal('list'), account, url: gatewayUrl.optional() }),
  z.strictObject({ command: z.literal('rotate'), account, url: gatewayUrl }),
  // Exactly one of url and id: parseCommand says so before this runs.
  z.strictObject({ command: z.literal('remove'), account, url: gatewayUrl.optional(), id: hookIds.optional() }),
]);
type Command = z.infer<typeof Command>;

export interface CliIo {
  /** The environment, as the gateway would read it; src/config.ts reads process.env when none is given. */
  env?: Record<string, string | undefined>;
  out: (line: string) => void;
  err: (line: string) => void;
}

const OPTIONS = {
  account: { type: 'string' },
  url: { type: 'string' },
  id: { type: 'string', multiple: true },
  'tenants-file': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Bad arguments: exit status 2 with the usage. */
class UsageError extends Error {}

function parseCommand(argv: string[]): { command: Command; tenantsFile: string | undefined } {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.split('. ')[0]!);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError('expected one command: register, list, rotate or remove');
  const [name] = positionals;
  if (!['register', 'list', 'rotate', 'remove'].includes(name!)) throw new UsageError(`unknown command ${name}: expected register, list, rotate or remove`);
  if (name === 'remove' && (values.url === undefined) === (values.id === undefined)) throw new UsageError('remove: give exactly one of --url and --id');
  const given = Object.fromEntries(Object.entries({ account: values.account, url: values.url, id: values.id }).filter(([, v]) => v !== undefined));
  const command = Command.safeParse({ command: name, ...given });
  if (!command.success) {
    const lines = command.error.issues.map((issue) =>
      issue.code === 'unrecognized_keys'
        ? `${name} takes no ${issue.keys.map((key) => `--${key}`).join(', ')}`
        : `--${issue.path[0] as string}: ${issue.message}`,
    );
    throw new UsageError(lines.join('\n'));
  }
  return { command: command.data, tenantsFile: values['tenants-file'] };
}

/** Where the account's secrets go, in the words of the file or variable that holds them. */
interface Opened {
  account: OmsAccount;
  secretsAt: string;
}

/** The account as the gateway would open it; a ConfigError says what is missing. */
function openAccount(accountId: string, io: CliIo, tenantsFile: string | undefined): Opened {
  const config = loadConfig(io.env);
  const path = tenantsFile ?? config.tenantsFile;
  if (path) {
    const entries = readTenantsFile(path).omsAccounts;
    const entry = entries.find((candidate) => candidate.id === accountId);
    if (!entry) throw new ConfigError(`${path} has no OMS account "${accountId}" (it has ${entries.map((e) => `"${e.id}"`).join(', ')})`);
    if (entry.kind === 'sandbox')
      throw new ConfigError(`account "${accountId}" is the embedded sandbox: the gateway subscribes itself to its webhooks at start`);
    return { account: openOmsAccount(entry, { timeoutMs: config.omsTimeoutMs }), secretsAt: `${path}, omsAccounts[id="${accountId}"].webhookSecrets` };
  }
  if (config.oms) {
    // main.ts names the account of OMS_BASE_URL "oms" (webhooks go to /webhooks/oms/oms).
    if (accountId !== 'oms') throw new ConfigError(`without a tenants file the only account is "oms" (OMS_BASE_URL), not "${accountId}"`);
    const account = openOmsAccount({ kind: 'oms', id: 'oms', ...config.oms }, { timeoutMs: config.omsTimeoutMs });
    return { account, secretsAt: 'OMS_WEBHOOK_SECRETS (comma-separated)' };
  }
  throw new ConfigError('no OMS account configured: set TENANTS_FILE (or pass --tenants-file), or OMS_BASE_URL, OMS_API_KEY and OMS_API_SECRET');
}

function describe(hook: Webhook): string {
  const kind = hook.complianceOnly
    ? 'complianceOnly (*.underReview)'
    : `every event but *.underReview${hook.events.length ? ` of ${hook.events.join(',')}` : ''}`;
  return `${hook.id}  ${hook.status.padEnd(8)}  ${kind}`;
}

function printSecrets(io: CliIo, created: Created[], secretsAt: string, more: string): void {
  io.out(`Add ${created.length === 1 ? 'this secret' : 'these secrets'} to ${secretsAt}, ${more} (OMS shows a secret only when it creates the subscription):`);
  for (const { hook, secret } of created) io.out(`  ${JSON.stringify(secret)}   for ${hook.id}`);
  io.out('Then restart (roll) every gateway instance.');
}

async function run(command: Command, { account, secretsAt }: Opened, io: CliIo): Promise<void> {
  const { client } = account;
  switch (command.command) {
    case 'register': {
      const url = webhookUrl(command.url, command.account);
      const { created, updated, kept } = await registerSubscriptions(client, url);
      io.out(`Subscriptions of account ${command.account} at ${url}:`);
      for (const { hook } of created) io.out(`  created  ${describe(hook)}`);
      for (const hook of updated) io.out(`  enabled  ${describe(hook)}`);
      for (const hook of kept) io.out(`  kept     ${describe(hook)}`);
      if (created.length > 0) printSecrets(io, created, secretsAt, 'beside those already there');
      else if (account.webhookSecrets.length === 0) {
        io.out(`${secretsAt} is empty and OMS never shows a secret again: run rotate to get new ones.`);
      } else io.out('Nothing created: the secrets are the ones already configured.');
      return;
    }
    case 'list': {
      const url = command.url && webhookUrl(command.url, command.account);
      const hooks = await listSubscriptions(client);
      io.out(`${hooks.length} subscription${hooks.length === 1 ? '' : 's'} of account ${command.account}:`);
      for (const hook of hooks) io.out(`  ${describe(hook)}  ${hook.url}${url && hook.url === url ? '  (this gateway)' : ''}  created ${hook.createdAt}`);
      return;
    }
    case 'rotate': {
      const url = webhookUrl(command.url, command.account);
      const { created, old } = await rotateSubscriptions(client, url);
      io.out(`New subscriptions of account ${command.account} at ${url}, beside the current ones:`);
      for (const { hook } of created) io.out(`  created  ${describe(hook)}`);
      printSecrets(io, created, secretsAt, 'keeping the current ones for now');
      io.out('Once every instance runs with them, remove the old subscriptions, then their secrets from the file:');
      io.out(`  npm run webhooks -- remove --account ${command.account} ${old.map((hook) => `--id ${hook.id}`).join(' ')}`);
      return;
    }
    case 'remove': {
      const target = command.url ? { url: webhookUrl(command.url, command.account) } : { ids: command.id ?? [] };
      const { removed, missing } = await removeSubscriptions(client, target);
      for (const hook of removed) io.out(`  removed  ${describe(hook)}  ${hook.url}`);
      for (const id of missing) io.out(`  no subscription ${id} in account ${command.account} (already removed?)`);
      if (removed.length === 0 && 'url' in target) io.out(`No subscription of account ${command.account} at ${target.url}.`);
      if (removed.length > 0) io.out(`Their secrets may now go from ${secretsAt}.`);
      return;
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${JSON.stringify(unknown)}`);
    }
  }
}

/** Runs one command; resolves with the exit status. Nothing here touches process. */
export async function runWebhooksCli(argv: string[], io: CliIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(USAGE);
    return 0;
  }
  try {
    const { command, tenantsFile } = parseCommand(argv);
    await run(command, openAccount(command.account, io, tenantsFile), io);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`webhooks: ${error.message}`);
      io.err(USAGE);
      return 2;
    }
    if (error instanceof ConfigError || error instanceof SetupRefused || error instanceof OmsError) {
      io.err(`webhooks: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
