import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessLog } from '../../src/ops/access-log.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { beside } from './support.js';

/** Every line the gateway logs, parsed, with a wait for a line to come. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  let raw = '';
  const waiters = new Set<() => void>();
  const stream = {
    write(line: string) {
      raw += line;
      lines.push(JSON.parse(line) as Record<string, unknown>);
      for (const wake of waiters) wake();
    },
  };
  return {
    logger: pino({ level: 'info' }, stream),
    lines,
    raw: () => raw,
    /** The access-log lines of request `id`, once there is at least one; fails after 5 s. */
    accessLines(id: string): Promise<Record<string, unknown>[]> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = lines.filter((line) => line.msg === 'request' && line.requestId === id);
          if (found.length === 0) return;
          finish();
          resolve(found);
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`no access-log line for ${id}; lines: ${raw}`));
        }, 5_000);
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
  };
}

describe('the access log', () => {
  const log = capture();
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ logger: log.logger });
  });
  afterAll(() => t?.close());

  /** Sends a marker request and waits for its line: every line of requests answered before it has been written. */
  async function settled(): Promise<void> {
    const id = `marker-${Date.now()}`;
    await fetch(beside(t.gateway.url, '/healthz'), { headers: { 'x-request-id': id } });
    // Probes log at debug: the marker is a request that logs at info.
    await fetch(beside(t.gateway.url, '/nowhere'), { headers: { 'x-request-id': id } });
    await log.accessLines(id);
  }

  it('writes one line per request: request id, tenant, operation, status and duration; no token, no body', async () => {
    const response = await fetch(t.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.keys.acme}`, 'x-request-id': 'access-log-1' },
      body: JSON.stringify({ query: 'query Me { viewer { role } }', variables: { secret: 'a-variable-value' } }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('access-log-1');
    await log.accessLines('access-log-1');
    await settled();

    const lines = log.lines.filter((line) => line.requestId === 'access-log-1' && line.component === 'http');
    expect(lines).toEqual([
      {
        level: 30,
        time: expect.any(Number),
        pid: expect.any(Number),
        hostname: expect.any(String),
        component: 'http',
        requestId: 'access-log-1',
        method: 'POST',
        path: '/graphql',
        status: 200,
        durationMs: expect.any(Number),
        tenant: 'acme',
        role: 'tenant',
        operation: 'Me',
        msg: 'request',
      },
    ]);
    const output = log.raw();
    expect(output).not.toContain(t.keys.acme);
    expect(output.toLowerCase()).not.toContain('authorization');
    expect(output).not.toContain('a-variable-value');
    expect(output).not.toContain('viewer');
  });

  it("logs a GET's path without its query string, and the door's request id when the client sent none", async () => {
    const query = new URLSearchParams({ query: 'query Named { viewer { role } }', token: 'query-string-secret' });
    const response = await fetch(`${t.gateway.url}?${query}`, {
      // Apollo's CSRF prevention asks a GET for this header.
      headers: { authorization: `Bearer ${t.keys.globex}`, 'apollo-require-preflight': 'true' },
    });
    expect(response.status).toBe(200);
    const id = response.headers.get('x-request-id')!;
    const [line] = await log.accessLines(id);
    expect(line).toMatchObject({ method: 'GET', path: '/graphql', status: 200, tenant: 'globex', operation: 'Named' });
    expect(log.raw()).not.toContain('query-string-secret');
    expect(log.raw()).not.toContain(t.keys.globex);
  });

  it('logs refused and non-GraphQL requests too, without a tenant', async () => {
    const response = await fetch(t.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer gw_not_a_key_of_anyone_here', 'x-request-id': 'access-log-refused' },
      body: JSON.stringify({ query: '{ viewer { role } }' }),
    });
    expect(response.status).toBe(401);
    const [refused] = await log.accessLines('access-log-refused');
    expect(refused).toMatchObject({ method: 'POST', path: '/graphql', status: 401 });
    expect(refused).not.toHaveProperty('tenant');
    expect(log.raw()).not.toContain('gw_not_a_key_of_anyone_here');

    const hook = await fetch(beside(t.gateway.url, '/webhooks/oms/shared'), { method: 'POST', headers: { 'x-request-id': 'access-log-hook' }, body: '{}' });
    expect(hook.status).toBe(401);
    const [webhook] = await log.accessLines('access-log-hook');
    expect(webhook).toMatchObject({ method: 'POST', path: '/webhooks/oms/shared', status: 401 });
  });
});

describe('the access log, by level', () => {
  /** The log on a bare request and response: the line, if any, is written when the response closes. */
  function exchange(level: string, status: number, path = '/graphql') {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    const req = { headers: {} as Record<string, string>, method: 'POST', url: `${path}?query=secret` } as unknown as IncomingMessage;
    const res = Object.assign(new EventEmitter(), { statusCode: status }) as unknown as ServerResponse;
    accessLog(logger)(req, res);
    (res as unknown as EventEmitter).emit('close');
    return { lines, requestId: req.headers['x-request-id'] };
  }

  it('writes 5xx answers at warn as failures, probes at debug, the rest at info', () => {
    expect(exchange('debug', 503).lines).toMatchObject([{ level: 40, msg: 'request failed', status: 503, path: '/graphql' }]);
    expect(exchange('debug', 200, '/readyz').lines).toMatchObject([{ level: 20, msg: 'request', path: '/readyz' }]);
    expect(exchange('info', 200, '/readyz').lines).toEqual([]);
    expect(exchange('warn', 200).lines).toEqual([]);
    expect(exchange('warn', 500).lines).toMatchObject([{ level: 40, status: 500 }]);
  });

  it('with the log above warn, writes nothing and only assigns the request id', () => {
    const { lines, requestId } = exchange('error', 500);
    expect(lines).toEqual([]);
    expect(requestId).toMatch(/^[A-Za-z0-9_.:-]{1,128}$/);
  });
});
