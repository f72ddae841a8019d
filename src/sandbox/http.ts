import type { z } from 'zod';
import type { SandboxContext } from './context.js';
import { invalid, SandboxError } from './errors.js';

/** Validates `value` against `schema`; a failure is a 400 naming the first offending field. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, where = 'body'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const param = issue.path.map(String).join('.') || where;
  throw invalid(param, `${param}: ${issue.message}`);
}

/** The JSON body, validated. An empty body counts as `{}`. */
export function readBody<S extends z.ZodType>(c: SandboxContext, schema: S): z.output<S> {
  const raw = c.get('rawBody') ?? '';
  let json: unknown = {};
  if (raw.trim() !== '') {
    try {
      json = JSON.parse(raw);
    } catch {
      throw invalid('body', 'the request body is not valid JSON');
    }
  }
  return parseOr400(schema, json);
}

/** The query string, validated. */
export function readQuery<S extends z.ZodType>(c: SandboxContext, schema: S): z.output<S> {
  return parseOr400(schema, c.req.query(), 'query');
}

export function errorResponse(c: SandboxContext, error: SandboxError, headers: Record<string, string> = {}): Response {
  const body = { error: { code: error.code, message: error.message, ...(error.param ? { param: error.param } : {}), requestId: c.get('requestId') } };
  return c.json(body, error.status, headers);
}

/** Forced outcome for this call (X-Sandbox-Outcome), if any. */
export function outcomeHeader(c: SandboxContext): string | undefined {
  return c.req.header('x-sandbox-outcome') ?? undefined;
}

export function assertSandbox(c: SandboxContext, production: boolean): void {
  if (production) throw new SandboxError(404, 'resource_not_found', `${c.req.method} ${c.req.path} does not exist in production`);
}
