import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parse, validate } from 'graphql';
import WebSocket from 'ws';
import { loadConfig } from '../src/config.js';
import { createDocuments } from '../src/door/documents.js';
import { queryLimitRules } from '../src/graphql/limits.js';
import { buildGatewaySchema } from '../src/graphql/schema.js';
import { machine, percentile, table } from './stats.js';

/**
 * Abusive documents against the gateway and a baseline: the same gateway with its document checks
 * as permissive as a default Apollo + ws server (100 MiB bodies, frames and documents, 10 M tokens).
 * Each runs in its own child (bench/abuse-gateway.ts) so that its RSS is its own; the abuse comes
 * from a third process (this file, ABUSE_ROLE=flood) so that neither the gateway nor the process
 * timing the other tenant does the abuser's work. Both servers are measured in this run, in
 * alternating order (this 2-core machine is shared and noisy). Budgets are lifted in both, as in the
 * tests: this measures the document checks, not the rate limits. Run: `npm run bench:abuse`.
 */

const [KB, MiB, DOC] = [1024, 2 ** 20, 223 * 1024];
/** Part 1: documents per server and transport. 2: rounds × samples, at least ABUSE documents a round. 3: repetitions. */
const [DOCS, ROUNDS, SAMPLES, ABUSE, REPS] = [100, 2, 100, 150, 9];
/** The abuser's connections (or sockets) at once: as fast as a few connections allow. */
const CONCURRENCY = 4;
const BYTES = ['GRAPHQL_MAX_DOCUMENT_BYTES', 'HTTP_MAX_BODY_BYTES', 'WS_MAX_PAYLOAD_BYTES'];
const PERMISSIVE = { ...Object.fromEntries(BYTES.map((name) => [name, `${100 * MiB}`])), GRAPHQL_MAX_TOKENS: '10000000' };
const SMALL = JSON.stringify({ query: '{ viewer { role } }' });

type Tally = Record<string, number>;
type Row = Record<string, string | number>;
const add = (tally: Tally, key: string, n = 1) => (tally[key] = (tally[key] ?? 0) + n);
const listed = (tally: Tally) => Array.from(Object.entries(tally), ([k, n]) => `${k} ×${n}`).join(', ');
const ms = (t0: number) => performance.now() - t0;
const byValue = (a: number, b: number) => a - b;
const fmt = (x: number) => (Math.abs(x) < 1 ? x.toPrecision(2) : x.toFixed(1));

/** A server's name, its numbers (of which ratios are taken) and other columns. */
type Side = [server: string, numbers: Record<string, number>, extra?: Row];
/** Rows of both sides, then `base ÷ ours` per number (above 1: ours does better; '–' where either is ≤ 0). */
function sideBySide(fixed: Row, ours: Side, base: Side): Row[] {
  const row = ([server, numbers, extra]: Side) => ({ ...fixed, server, ...Object.fromEntries(Object.entries(numbers).map(([k, v]) => [k, fmt(v)])), ...extra });
  const ratio = (o: number, b: number) => (o > 0 && b > 0 ? `${(b / o).toFixed(b / o >= 100 ? 0 : 1)}×` : '–');
  return [
    row(ours),
    row(base),
    { ...fixed, server: `${base[0]} ÷ ${ours[0]}`, ...Object.fromEntries(Object.entries(ours[1]).map(([k, o]) => [k, ratio(o, base[1][k]!)])) },
  ];
}

/** Parses, then fails validation: distinct unknown fields under a prefix of its own, so no cache can answer twice. */
function invalidDocument(bytes: number): string {
  const [tag, fields] = [`f${randomBytes(4).toString('hex')}`, [] as string[]];
  for (let length = 4; length < bytes; length += fields[fields.length - 1]!.length + 1) fields.push(`${tag}_${fields.length}`);
  return `{ ${fields.join(' ')} }`;
}

/** POSTs a JSON body; the status, or 'cut' when the connection closed before an answer. */
async function post(url: string, token: string, body: string): Promise<string> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const response = await fetch(url, { method: 'POST', headers, body }).catch(() => undefined);
  return (await response?.arrayBuffer().catch(() => undefined)) ? String(response!.status) : 'cut';
}

// ---- Children over IPC, killed when this process exits, however it exits. ----

const children = new Set<ChildProcess>();
process.on('exit', () => children.forEach((c) => void c.kill('SIGKILL')));
process.on('SIGINT', () => process.exit(130));

function child(file: string, args: string[], env: Record<string, string> = {}, flags: string[] = []) {
  const execArgv = ['--expose-gc', ...flags, '--import', 'tsx'];
  const proc = fork(file, args, { execArgv, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
  children.add(proc);
  let stderr = '';
  proc.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((done) => proc.once('exit', done));
  /** Sends `message` (if any) and waits for the child's next message of type `type`. */
  const ask = <T>(message: object | undefined, type: string) =>
    new Promise<T>((done, fail) => {
      const on = (m: { type: string }) => {
        if (m.type !== type) return;
        proc.off('message', on);
        done(m as T);
      };
      proc.on('message', on);
      if (message) proc.send(message);
      void exited.then(() => fail(new Error(`${file} exited before '${type}'; its stderr:\n${stderr.slice(-3000)}`)));
    });
  /** Its stderr so far, counted by distinct top-level line (stack frames left out). */
  const errors = () => {
    const tally: Tally = {};
    for (const line of stderr.match(/^[^\s}].{0,139}/gm) ?? []) add(tally, line);
    return tally;
  };
  const stop = async () => {
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
    if (proc.exitCode === null) proc.send({ type: 'close' });
    await exited;
    clearTimeout(timer);
    children.delete(proc);
  };
  return { ask, errors, stop };
}
type Abuser = ReturnType<typeof child>;

async function startGateway(name: string, env: Record<string, string>, flags: string[]) {
  const gateway = child(fileURLToPath(new URL('./abuse-gateway.ts', import.meta.url)), [JSON.stringify(env)], {}, flags);
  const ready = await gateway.ask<{ url: string; keys: { acme: string; globex: string }; sellerToken: string }>(undefined, 'ready');
  return { name, ...gateway, ...ready, rss: () => gateway.ask<{ rss: number; heap: number }>({ type: 'rss' }, 'rss') };
}
type Gateway = Awaited<ReturnType<typeof startGateway>>;

// ---- The abuser: an acme seller sending distinct invalid documents; `open`: on past `count` until told to stop. ----

type Flood = { type: 'flood'; transport: 'HTTP' | 'graphql-ws'; url: string; token: string; count: number; bytes: number; open: boolean };
type Flooded = { tally: Tally; seconds: number };

/** A graphql-transport-ws socket, resolved on connection_ack; `answer()` is what the server does next. */
function openSocket(url: string, token: string): Promise<{ ws: WebSocket; answer(): Promise<string> }> {
  return new Promise((done, fail) => {
    const ws = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    let waiter = (_: string) => {};
    const socket = { ws, answer: () => new Promise<string>((resolve) => (waiter = resolve)) };
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    ws.on('message', (data) => (JSON.parse(String(data)).type === 'connection_ack' ? done(socket) : waiter(`${JSON.parse(String(data)).type} message`)));
    ws.on('error', () => {}); // the close that follows says it
    ws.on('close', () => {
      fail(new Error('socket closed before connection_ack'));
      waiter('socket closed');
    });
  });
}

function runAbuser(): void {
  let open = false;
  process.on('disconnect', () => process.exit(0));
  process.on('message', async (m: Flood | { type: 'stop' | 'close' }) => {
    if (m.type !== 'flood') return void (m.type === 'stop' ? (open = false) : process.exit(0));
    open = m.open;
    // Made before the clock starts; repeats (open) are safe: failures are never cached.
    const documents = Array.from({ length: m.count }, () => invalidDocument(m.bytes));
    const bodies = documents.map((query) => (m.transport === 'HTTP' ? JSON.stringify({ query }) : query));
    process.send!({ type: 'started' });
    const [t0, tally] = [performance.now(), {} as Tally];
    let next = 0;
    const worker = async () => {
      let socket: Awaited<ReturnType<typeof openSocket>> | undefined;
      for (let i = next++; i < m.count || open; i = next++) {
        if (m.transport === 'HTTP') add(tally, await post(m.url, m.token, bodies[i % m.count]!));
        else {
          // One document at a time per socket; a frame over the server's limit closes it, and a new one is opened.
          socket = socket?.ws.readyState === WebSocket.OPEN ? socket : await openSocket(m.url, m.token);
          const answered = socket.answer();
          socket.ws.send(JSON.stringify({ id: `q${i}`, type: 'subscribe', payload: { query: bodies[i % m.count] } }));
          add(tally, await answered);
        }
      }
      socket?.ws.close();
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    process.send!({ type: 'flooded', tally, seconds: ms(t0) / 1000 });
  });
}

// ---- The measurements. ----

const flood = (abuser: Abuser, g: Gateway, transport: Flood['transport'], count: number, bytes: number, open = false) =>
  abuser.ask<Flooded>({ type: 'flood', transport, url: g.url, token: g.sellerToken, count, bytes, open }, open ? 'started' : 'flooded');

/**
 * 1. RSS growth over 100 distinct invalid 223 KB documents, read in the server's process after gc:
 * what the abuse left it holding. Its children run without V8's memory reducer, which hands pages
 * back at moments of its own choosing and moves RSS by ±30 MB between two idle readings. Each path
 * is warmed up first (small queries, small and oversized invalid documents), so lazy set-up is not
 * counted; a fresh pair per transport, so that one transport's high-water mark hides nothing.
 */
async function memory(abuser: Abuser, transport: Flood['transport'], pair: Gateway[]): Promise<Side[]> {
  for (const g of pair) {
    for (let i = 0; i < 20; i += 1) await post(g.url, g.keys.globex, SMALL);
    for (const t of ['HTTP', 'graphql-ws'] as const) await flood(abuser, g, t, 10, 2 * KB).then(() => flood(abuser, g, t, 2, DOC));
  }
  const before = [await pair[0]!.rss(), await pair[1]!.rss()];
  const sides: Side[] = [];
  for (const k of transport === 'HTTP' ? [0, 1] : [1, 0]) {
    const { tally, seconds } = await flood(abuser, pair[k]!, transport, DOCS, DOC);
    const [b, a] = [before[k]!, await pair[k]!.rss()];
    const extra = { 'RSS before → after MB': `${fmt(b.rss / MiB)} → ${fmt(a.rss / MiB)}`, 's to send': fmt(seconds), answers: listed(tally) };
    sides[k] = [pair[k]!.name, { 'RSS growth MB': (a.rss - b.rss) / MiB, 'heap growth MB': (a.heap - b.heap) / MiB }, extra];
  }
  return sides;
}

/**
 * 2. What another tenant feels: globex's small query, one at a time, end to end. Under abuse the
 * seller floods until every sample is taken (ABUSE documents at least), so that no sample falls
 * after the abuse ended. The reference is the same with no abuse.
 */
async function latency(abuser: Abuser, g: Gateway, abused: boolean, run: { samples: number[]; tally: Tally }) {
  if (abused) await flood(abuser, g, 'HTTP', ABUSE, DOC, true);
  for (let i = 0; i < SAMPLES; i += 1) {
    const t0 = performance.now();
    const status = await post(g.url, g.keys.globex, SMALL);
    if (status !== '200') throw new Error(`globex's query answered ${status} on ${g.name}`);
    run.samples.push(ms(t0));
  }
  const { tally } = abused ? await abuser.ask<Flooded>({ type: 'stop' }, 'flooded') : { tally: {} as Tally };
  for (const [k, n] of Object.entries(tally)) add(run.tally, k, n);
}

/**
 * 3. Refusing one 1 MB query. Over HTTP, end to end (sending 1 MB over loopback is in both). In this
 * process: the door with the default limits against graphql-js's own parse + validate, what a server
 * without the checks pays (validate stops at its 100th error, so parsing is most of it). A refusal by
 * the door is near a timer's resolution, so each of its repetitions times 1,000 calls.
 */
async function refusal(pair: Gateway[]) {
  const http = pair.map((g) => ({ g, times: [] as number[], tally: {} as Tally }));
  for (let r = 0; r < REPS; r += 1) {
    for (const { g, times, tally } of r % 2 ? [...http].reverse() : http) {
      const body = JSON.stringify({ query: invalidDocument(MiB) });
      const t0 = performance.now();
      add(tally, await post(g.url, g.sellerToken, body));
      times.push(ms(t0));
    }
  }
  const [{ door: d, graphql: q }, schema, text] = [loadConfig({}), await buildGatewaySchema(), invalidDocument(MiB)];
  const documents = createDocuments({
    schema,
    rules: queryLimitRules(q),
    maxBytes: d.maxDocumentBytes,
    maxTokens: d.maxTokens,
    introspection: d.introspection,
  });
  const local = { door: [] as number[], library: [] as number[] };
  const byDoor = () => {
    const t0 = performance.now();
    for (let k = 0; k < 1_000; k += 1) if (!Array.isArray(documents.prepare(text))) throw new Error('the door admitted 1 MB');
    local.door.push(ms(t0) / 1_000);
  };
  const byLibrary = () => {
    const t0 = performance.now();
    if (validate(schema, parse(text)).length === 0) throw new Error('graphql-js validated the 1 MB document');
    local.library.push(ms(t0));
  };
  for (let r = 0; r < REPS; r += 1) for (const step of r % 2 ? [byLibrary, byDoor] : [byDoor, byLibrary]) step();
  const side = (server: string, times: number[], answers: string): Side => [server, { 'median ms': percentile(times.sort(byValue), 50) }, { answers }];
  const [ours, base] = http.map(({ g, times, tally }) => side(g.name, times, listed(tally)));
  const [door, library] = [side('door', local.door, 'REQUEST_TOO_LARGE'), side('graphql-js', local.library, 'GraphQL validation errors')];
  return {
    rows: [...sideBySide({ where: 'HTTP, end to end' }, ours!, base!), ...sideBySide({ where: 'in process' }, door, library)],
    door: door[1]['median ms']!,
  };
}

async function main() {
  console.log(`# Abusive documents: the gateway's door against a permissive baseline · ${machine()}\n`);
  const abuser = child(fileURLToPath(import.meta.url), [], { ABUSE_ROLE: 'flood' });
  const begin = (flags: string[] = []) => Promise.all([startGateway('gateway', {}, flags), startGateway('baseline', PERMISSIVE, flags)]);
  const stop = (pair: Gateway[]) => Promise.all(pair.map((g) => g.stop()));
  const [targets, notes, rows] = [[] as string[], {} as Record<string, Tally>, [] as Row[]];
  const target = (what: string, value: number, limit: number) => targets.push(`${what} ${fmt(value)} ${value < limit ? '<' : '≥ (MISSED)'} ${limit}`);
  try {
    console.log(`## 1. Memory after ${DOCS} distinct ${DOC / KB} KB documents failing validation (acme seller token, ${CONCURRENCY} connections or sockets)\n`);
    for (const transport of ['HTTP', 'graphql-ws'] as const) {
      const pair = await begin(['--no-memory-reducer']);
      try {
        const [ours, base] = await memory(abuser, transport, pair);
        rows.push(...sideBySide({ transport }, ours!, base!));
        target(`${transport} RSS growth MB`, ours![1]['RSS growth MB']!, 50);
        for (const g of pair) for (const [line, n] of Object.entries(g.errors())) add((notes[g.name] ??= {}), line, n);
      } finally {
        await stop(pair);
      }
    }
    console.log(table(rows.splice(0)));
    for (const [name, tally] of Object.entries(notes)) console.log(`${name}'s stderr (warm-ups included): ${listed(tally)}`);
    console.log('RSS after gc moves by up to ±30 MB between two idle readings (pages V8 and malloc hand back when they choose):');
    console.log('growth within that is noise; heap growth after gc is what the documents left behind. –: no ratio of a growth ≤ 0.\n');

    const pair = await begin();
    try {
      console.log(`## 2. globex's { viewer { role } }, ${ROUNDS * SAMPLES} sequential, while acme's seller POSTs ≥ ${ROUNDS * ABUSE} × ${DOC / KB} KB\n`);
      const runs = new Map(pair.flatMap((g) => [false, true].map((abused) => [`${abused} ${g.name}`, { samples: [] as number[], tally: {} as Tally }])));
      for (let round = 0; round < ROUNDS; round += 1)
        for (const abused of [false, true])
          for (const g of round % 2 ? [...pair].reverse() : pair) await latency(abuser, g, abused, runs.get(`${abused} ${g.name}`)!);
      for (const abused of [false, true]) {
        const [ours, base] = pair.map(({ name }): Side => {
          const { samples, tally } = runs.get(`${abused} ${name}`)!;
          samples.sort(byValue);
          return [name, { 'p50 ms': percentile(samples, 50), 'p99 ms': percentile(samples, 99) }, { 'abusive answers': listed(tally) }];
        });
        rows.push(...sideBySide({ load: abused ? 'acme seller flooding' : 'none (reference)' }, ours!, base!));
        if (abused) target('p99 ms under abuse', ours![1]['p99 ms']!, 50);
      }
      console.log(`${table(rows.splice(0))}\n`);

      console.log(`## 3. Time to refuse one 1 MB query (medians of ${REPS} alternating repetitions)\n`);
      const { rows: refusals, door } = await refusal(pair);
      console.log(table(refusals));
      target("door's refusal ms", door, 1);
    } finally {
      await stop(pair);
    }
    console.log(`\nTargets (gateway): ${targets.join('; ')}.`);
  } finally {
    await abuser.stop();
  }
}

if (process.env.ABUSE_ROLE === 'flood') runAbuser();
else
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
