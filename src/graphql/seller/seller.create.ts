import type { z } from 'zod';
import type { Customer } from '../../oms/schemas/index.js';
import { canSeeSeller, isTreasury, TENANT_METADATA_KEY, tenantOf } from '../../tenancy/ownership.js';
import { indexedSeller } from '../../tenancy/seller-index/index.js';
import { UserErrorCode } from '../common/common.type.js';
import { attempt, failed, idempotencyKey, type Outcome } from '../common/mutation.js';
import type { GatewayContext } from '../context.js';
import type { CreateSellerPayload, createSellerSchema } from './seller.input.js';

type CreateSeller = z.output<typeof createSellerSchema>;

/**
 * Creates a seller and records it in the seller index. An externalId is claimed in the index first
 * (atomically, across instances): one create at a time per externalId per tenant, the others wait
 * for it and then find its seller. The claim is bound to the new seller, or given back if OMS made none.
 */
export async function createIndexedSeller(ctx: GatewayContext, input: CreateSeller): Promise<CreateSellerPayload> {
  const { externalId } = input;
  if (!externalId) return shown(ctx, await createInOms(ctx, input));
  const index = ctx.sellerIndex;
  const claim = await index.claimExternalId(externalId, ctx.disconnect).catch((error: unknown) => {
    if (!ctx.disconnect.aborted) throw error;
    return null;
  });
  if (!claim)
    return {
      seller: null,
      ...failed(UserErrorCode.EXTERNAL_ID_TAKEN, 'Another create with this externalId is still under way; retry to get its seller', EXTERNAL_ID),
    };
  if (claim.kind === 'bound') return existing(ctx, input, await ctx.loaders.customer.load(claim.sellerId));
  try {
    // Made before the index existed, or by an instance that stopped between OMS's answer and the index: OMS knows it.
    const found = (await ctx.oms.customers.list({ externalId, limit: 100 })).data.find((c) => tenantOf(c) === ctx.caller.tenant.id && !isTreasury(c));
    if (found) {
      await index.add(indexedSeller(found), claim.token);
      return existing(ctx, input, found);
    }
    const outcome = await createInOms(ctx, input, claim.token);
    if (!outcome.ok) await index.releaseExternalId(externalId, claim.token);
    return shown(ctx, outcome);
  } catch (error) {
    await index.releaseExternalId(externalId, claim.token).catch((release: unknown) => ctx.log.warn({ err: release }, 'externalId claim not released'));
    throw error;
  }
}

const EXTERNAL_ID = ['input', 'externalId'];

/** Asks OMS for the seller and records it in the index (with `claim`, which binds its externalId) before answering. */
async function createInOms(ctx: GatewayContext, input: CreateSeller, claim?: string): Promise<Outcome<Customer>> {
  const { idempotencyKey: given, metadata, ...fields } = input;
  const key = idempotencyKey(ctx, 'createSeller', input, given);
  const body = {
    ...fields,
    metadata: { ...metadata, [TENANT_METADATA_KEY]: ctx.caller.tenant.id },
    endorsements: ['basic' as const, 'cryptoCustody' as const, 'usd' as const],
  };
  const outcome = await attempt(() => ctx.oms.customers.create(body, { idempotencyKey: key }), FIELDS);
  // Recorded before the answer: should this fail, the retry (same idempotency key) gets the same seller from OMS and records it.
  if (outcome.ok) await ctx.sellerIndex.add(indexedSeller(outcome.ok), claim);
  return outcome;
}

/**
 * A seller token sees itself alone, so the seller it made is made but not shown to it (null): its
 * fields would load that seller's wallets and transactions by id.
 */
function shown(ctx: GatewayContext, outcome: Outcome<Customer>): CreateSellerPayload {
  const seller = outcome.ok && canSeeSeller(ctx.caller, outcome.ok) ? outcome.ok : null;
  return { seller, userErrors: outcome.userErrors };
}

/**
 * The externalId names a seller already. The same seller again (email and names) is a retry: answer
 * it, to a caller who may see it. Anything else is refused, naming the seller only to a caller who
 * may see it: a seller token learns that the externalId is taken (uniqueness cannot be kept without
 * saying so), never by whom.
 */
function existing(ctx: GatewayContext, input: CreateSeller, seller: Customer | null): CreateSellerPayload {
  const mine = seller !== null && tenantOf(seller) === ctx.caller.tenant.id && canSeeSeller(ctx.caller, seller);
  if (mine && seller.email === input.email && seller.firstName === input.firstName && seller.lastName === input.lastName) return { seller, userErrors: [] };
  const taken = mine ? `externalId is already used by seller ${seller.id}` : 'externalId is already used by another seller';
  return { seller: null, ...failed(UserErrorCode.EXTERNAL_ID_TAKEN, taken, EXTERNAL_ID) };
}

/** Where OMS's `param` of a customer error points in CreateSellerInput. */
const FIELDS: Record<string, string[]> = {
  email: ['input', 'email'],
  phone: ['input', 'phone'],
  birthDate: ['input', 'birthDate'],
  nationality: ['input', 'nationality'],
  metadata: ['input', 'metadata'],
};
