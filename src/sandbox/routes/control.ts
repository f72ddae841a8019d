import { z } from 'zod';
import type { SandboxApp, SandboxDeps } from '../context.js';
import { assertSandbox, readBody } from '../http.js';

const routeFault = z.strictObject({
  method: z.enum(['GET', 'POST', 'PATCH', 'DELETE']).optional(),
  path: z.string().startsWith('/'),
  status: z.union([z.literal(429), z.literal(500), z.literal(503), z.literal('timeout')]),
  phase: z.enum(['before', 'after']).optional(),
  times: z.number().int().positive().optional(),
  rate: z.number().min(0).max(1).optional(),
  retryAfterSeconds: z.number().int().min(0).optional(),
});

const faultsRequest = z.strictObject({
  latencyMs: z.number().int().min(0).max(60_000).optional(),
  routes: z.array(routeFault).optional(),
  webhooks: z
    .strictObject({
      duplicateRate: z.number().min(0).max(1).optional(),
      delayMs: z.number().int().min(0).optional(),
      reorderWindowMs: z.number().int().min(0).optional(),
    })
    .optional(),
});

/** Sandbox only: fault injection and the clock, over HTTP, for clients that do not run in-process. */
export function controlRoutes(app: SandboxApp, { faults, clock, options }: SandboxDeps): void {
  app.post('/sandbox/faults', (c) => {
    assertSandbox(c, options.production);
    const body = readBody(c, faultsRequest);
    faults.clear();
    faults.latencyMs = body.latencyMs ?? 0;
    faults.webhooks = body.webhooks ?? {};
    for (const rule of body.routes ?? []) faults.add(rule);
    return c.json(body);
  });

  app.delete('/sandbox/faults', (c) => {
    assertSandbox(c, options.production);
    faults.clear();
    return c.body(null, 204);
  });

  app.post('/sandbox/clock/advance', (c) => {
    assertSandbox(c, options.production);
    const { ms } = readBody(c, z.strictObject({ ms: z.number().int().min(0) }));
    clock.advance(ms);
    return c.json({ now: clock.iso() });
  });
}
