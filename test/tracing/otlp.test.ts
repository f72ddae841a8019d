import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `npm start`'s process with OTEL_EXPORTER_OTLP_ENDPOINT set, exporting to a collector served here:
 * what an operator gets. Spans leave in batches over OTLP/HTTP (JSON), the last ones on SIGTERM before
 * the process exits, and the log lines on stdout carry the trace ids of the spans they were written in.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const KEY = 'gw_otlp_test_key_0123456789';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: { key: string; value: Record<string, unknown> }[];
}
interface OtlpExport {
  resourceSpans: { resource: { attributes: OtlpSpan['attributes'] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
}

let collector: Server;
const exports: OtlpExport[] = [];
let gateway: ChildProcess;
let url: string;
let stdout = '';

beforeAll(async () => {
  collector = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.url === '/v1/traces' && req.method === 'POST') {
        exports.push(JSON.parse((req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString()) as OtlpExport);
      }
      res.writeHead(req.url === '/v1/traces' ? 200 : 404, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  const { REDIS_URL: _shared, ...env } = process.env;
  gateway = spawn(path.join(root, 'node_modules/.bin/tsx'), ['src/main.ts'], {
    cwd: root,
    env: {
      ...env,
      PORT: '0',
      HOST: '127.0.0.1',
      DEMO_TENANT_API_KEY: KEY,
      LOG_LEVEL: 'info',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`,
      OTEL_SERVICE_NAME: 'gateway-under-test',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  gateway.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  // The signal: the playground line npm start prints once it listens with its demo data loaded.
  url = await new Promise<string>((resolve, reject) => {
    gateway.stdout!.on('data', () => {
      const found = /Playground:\s+(\S+)/.exec(stdout);
      if (found) resolve(found[1]!);
    });
    gateway.once('exit', (code) => reject(new Error(`npm start's process exited (${code}) before it listened:\n${stdout}`)));
  });
}, 120_000);

afterAll(async () => {
  if (gateway && gateway.exitCode === null) {
    gateway.kill('SIGTERM');
    await once(gateway, 'exit');
  }
  await new Promise((resolve) => collector?.close(resolve));
});

const post = (body: object, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

const attribute = (attributes: OtlpSpan['attributes'], key: string) => {
  const value = attributes.find((a) => a.key === key)?.value;
  return value && Object.values(value)[0];
};

describe('tracing configured by OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  it('exports the operations and their OMS calls on SIGTERM, and the log lines name their traces', async () => {
    const listed = await post({ query: 'query ListSellers { sellers(first: 2) { nodes { id wallets { id } } } }' }, { authorization: `Bearer ${KEY}` });
    expect(((await listed.json()) as { errors?: unknown }).errors).toBeUndefined();
    const refused = await post({ query: '{ viewer { role } }' }, { 'x-request-id': 'otlp-refused-1' });
    expect(refused.status).toBe(401);

    gateway.kill('SIGTERM');
    const [code] = await once(gateway, 'exit');
    expect(code).toBe(0);

    const resources = exports.flatMap((e) => e.resourceSpans);
    expect(resources.length).toBeGreaterThan(0);
    for (const { resource } of resources) expect(attribute(resource.attributes, 'service.name')).toBe('gateway-under-test');
    const spans = resources.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
    const operation = spans.find((s) => s.name === 'graphql.query ListSellers');
    expect(operation).toBeDefined();
    const calls = spans.filter((s) => s.traceId === operation!.traceId && s !== operation);
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      expect(call.name).toMatch(/^oms GET \//);
      expect(call.parentSpanId).toBe(operation!.spanId);
    }

    const lines = stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const line = lines.find((l) => l.msg === 'refused' && l.requestId === 'otlp-refused-1');
    const door = spans.find((s) => s.traceId === line?.trace_id);
    expect(door).toMatchObject({ name: 'graphql', spanId: line!.span_id });
    expect(attribute(door!.attributes, 'http.response.status_code')).toBe(401);
  }, 60_000);
});
