import { runWebhooksCli } from './setup-cli.js';

/** Process entry of `npm run webhooks` (src/webhooks/setup-cli.ts); the exit status is the command's. */
const status = await runWebhooksCli(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
// The OMS client's keep-alive pool would hold the process open a few seconds more.
process.exit(status);
