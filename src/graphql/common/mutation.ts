import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { fromOmsFailure } from '../../errors.js';
import { OmsError } from '../../oms/index.js';
import type { GatewayContext } from '../context.js';
import { UserErrorCode, type UserError } from './common.type.js';

/** The result of a mutation: its object, or why not. */
export type Outcome<T> = { ok: T; userErrors: [] } | { ok: null; userErrors: UserError[] };

export const failed = (code: UserErrorCode, message: string, field: string[] | null = null): Outcome<never> => ({
  ok: null,
  userErrors: [{ code, message, field }],
});

/** Sandbox-only mutations (simulate*, registerExternalAccount, simulateKycDecision): refused against a production OMS account. */
export function sandboxOnly(ctx: GatewayContext, what: string): Outcome<never> | null {
  return ctx.sandbox
    ? null
    : failed(UserErrorCode.NOT_ALLOWED_IN_PRODUCTION, `${what} only against an OMS sandbox (embedded, or marked "sandbox": true in the tenants file)`);
}

/** Validates the input; each zod issue becomes a userError with its path under "input". */
export function validate<S extends z.ZodType>(schema: S, input: unknown): { data: z.output<S> } | { errors: UserError[] } {
  const result = schema.safeParse(input);
  if (result.success) return { data: result.data };
  return {
    errors: result.error.issues.map((issue) => ({
      field: ['input', ...issue.path.map(String)],
      code: issue.code === 'custom' && issue.params?.amount ? UserErrorCode.INVALID_AMOUNT : UserErrorCode.INVALID_INPUT,
      message: issue.message,
    })),
  };
}

/**
 * The Idempotency-Key sent to OMS: the caller's key, or one derived from the input, so a retried
 * mutation is one OMS effect. Hashed with the caller (tenant, or tenant and seller) and the mutation, so tenants sharing an OMS
 * account can never collide and the key fits OMS's length limit.
 */
export function idempotencyKey(ctx: GatewayContext, mutation: string, input: object, given?: string | null): string {
  const basis = given ? `key:${given}` : `input:${canonical(input)}`;
  // A seller's keys are its own: another seller of the tenant can neither collide with nor probe them.
  const caller = ctx.caller.role === 'seller' ? `${ctx.caller.tenant.id}/${ctx.caller.sellerId}` : ctx.caller.tenant.id;
  return `gw_${createHash('sha256').update(`${caller}\u0000${mutation}\u0000${basis}`).digest('hex')}`;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined && v !== null)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const EXPECTED: Record<string, [UserErrorCode, string]> = {
  endorsement_required: [UserErrorCode.ENDORSEMENT_REQUIRED, 'The seller does not hold the endorsement this needs'],
  insufficient_balance: [UserErrorCode.INSUFFICIENT_BALANCE, 'The wallet does not hold enough to cover this'],
  quote_expired: [UserErrorCode.QUOTE_EXPIRED, 'The quote has expired; create a new one'],
  quote_already_accepted: [UserErrorCode.QUOTE_ALREADY_ACCEPTED, 'The quote was already executed'],
  idempotency_key_reused: [UserErrorCode.IDEMPOTENCY_KEY_REUSED, 'This idempotency key was already used with a different input'],
  idempotency_key_in_use: [UserErrorCode.INVALID_INPUT, 'A mutation with this idempotency key is still in progress; retry shortly'],
  resource_not_found: [UserErrorCode.NOT_FOUND, 'Something this input refers to does not exist'],
  unsupported_asset_network: [UserErrorCode.INVALID_INPUT, 'That asset and network do not fit together here'],
  provider_account_not_provisioned: [UserErrorCode.INVALID_INPUT, "The seller's payment account is not provisioned yet: it needs a first and last name"],
  invalid_request: [UserErrorCode.INVALID_INPUT, 'OMS refused the input'],
};

/**
 * An OMS failure as the caller should see it: an expected one is a userError (in our words, never
 * OMS's text) tied to the input field `fields` maps OMS's param to; rate limits and outages are
 * GraphQL errors; anything else is unexpected and left for formatError to mask.
 */
export function fromOmsError(error: unknown, fields: Record<string, string[]> = {}): Outcome<never> {
  if (!(error instanceof OmsError)) throw error;
  const expected = EXPECTED[error.code];
  // Rate limits, outages, deadlines, aborts and anything unforeseen: the one mapping of OMS failures.
  if (!expected || error.status === 0 || error.status === 401 || error.status === 429 || error.status >= 500) throw fromOmsFailure(error);
  const [code, message] =
    error.code === 'invalid_request' && /amount/i.test(error.param ?? '')
      ? ([UserErrorCode.INVALID_AMOUNT, 'The amount is not acceptable: it must be positive and cover the fees'] as const)
      : expected;
  const field = error.code.startsWith('idempotency_key') ? ['input', 'idempotencyKey'] : (error.param && fields[error.param]) || ['input'];
  return failed(code, message, field);
}

/** Runs an OMS mutation, turning expected OMS failures into userErrors. */
export async function attempt<T>(run: () => Promise<T>, fields?: Record<string, string[]>): Promise<Outcome<T>> {
  try {
    return { ok: await run(), userErrors: [] };
  } catch (error) {
    return fromOmsError(error, fields);
  }
}
