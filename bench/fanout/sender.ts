import { signatureHeader } from '../../src/sandbox/webhooks/sign.js';
import { now } from './child.js';

/** The fan-out benchmark's webhook sender: signs and POSTs the bodies on a timer, timing each answer. */

export type ToSender = { type: 'burst'; url: string; secret: string; bodies: string[]; ratePerSecond: number } | { type: 'close' };
export interface Sent {
  type: 'sent';
  sentAt: number[];
  /** When each answer's status arrived (NaN: none). */
  acceptedAt: number[];
  /** Each POST's status; 0 for a network error (refused, reset). */
  status: number[];
  failures: string[];
  lagMs: number[];
}

async function post(url: string, secret: string, body: string, failures: Map<string, number>): Promise<{ status: number; at: number }> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-signature': signatureHeader(secret, Math.floor(Date.now() / 1000), body) },
      body,
    });
    const at = now();
    await response.arrayBuffer();
    return { status: response.status, at };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const what = `${(error as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}`;
    failures.set(what, (failures.get(what) ?? 0) + 1);
    return { status: 0, at: NaN };
  }
}

async function burst({ url, secret, bodies, ratePerSecond }: Extract<ToSender, { type: 'burst' }>): Promise<Sent> {
  const n = bodies.length;
  const interval = 1000 / ratePerSecond;
  const sent: Sent = { type: 'sent', sentAt: [], acceptedAt: new Array<number>(n).fill(NaN), status: new Array<number>(n).fill(0), failures: [], lagMs: [] };
  const failures = new Map<string, number>();
  const inFlight: Promise<unknown>[] = [];
  const start = now() + 20;
  let next = 0;
  while (next < n) {
    // Everything due by now goes out (a late timer catches up), then sleep until the next is due.
    while (next < n && start + next * interval <= now()) {
      const i = next++;
      sent.sentAt[i] = now();
      sent.lagMs.push(sent.sentAt[i]! - (start + i * interval));
      inFlight.push(
        post(url, secret, bodies[i]!, failures).then(({ status, at }) => {
          sent.status[i] = status;
          sent.acceptedAt[i] = at;
        }),
      );
    }
    if (next < n) await new Promise((done) => setTimeout(done, Math.max(0, start + next * interval - now())));
  }
  await Promise.all(inFlight);
  sent.failures = [...failures].map(([what, count]) => `${what} ×${count}`);
  return sent;
}

process.on('message', (message: ToSender) => {
  if (message.type === 'burst') void burst(message).then((sent) => process.send!(sent));
  else process.exit(0);
});
