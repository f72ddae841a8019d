import { randomUUID } from 'node:crypto';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { TENANT_METADATA_KEY } from '../../tenancy/ownership.js';
import { requireMaySetSellerMetadata } from '../../tenancy/permissions.js';
import { UserErrorCode } from '../common/common.type.js';
import { attempt, failed, idempotencyKey, sandboxOnly, validate } from '../common/mutation.js';
import type { GatewayContext } from '../context.js';
import {
  SimulateKycDecisionInput,
  SimulateKycDecisionPayload,
  simulateKycDecisionSchema,
  UpdateSellerInput,
  UpdateSellerPayload,
  updateSellerSchema,
} from './seller.input.js';
import { Seller } from './seller.type.js';

const noSuchSeller = (field: string) => failed(UserErrorCode.NOT_FOUND, 'No such seller', ['input', field]);

/** Changing a seller after its creation: its contact details and metadata, and (in a sandbox) its KYC outcome. */
@Resolver(() => Seller)
export class SellerUpdateResolver {
  @Mutation(() => UpdateSellerPayload, {
    description:
      "Changes a seller's name, contact details, address or metadata (metadata replaces your keys as a whole). Tenant keys, and seller tokens for themselves (never metadata) where the tenant allows it.",
  })
  async updateSeller(
    @Arg('input', () => UpdateSellerInput, { description: 'What to change.' }) input: UpdateSellerInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<UpdateSellerPayload> {
    const valid = validate(updateSellerSchema, input);
    if ('errors' in valid) return { seller: null, userErrors: valid.errors };
    const { id, metadata, ...fields } = valid.data;
    if (metadata) requireMaySetSellerMetadata(ctx.caller);
    const seller = await ctx.visible.seller(id);
    if (!seller) return { seller: null, ...noSuchSeller('id') };
    // OMS replaces metadata as a whole: the tenant stamp goes back in, so the seller stays the tenant's.
    const body = { ...fields, ...(metadata ? { metadata: { ...metadata, [TENANT_METADATA_KEY]: ctx.caller.tenant.id } } : {}) };
    const outcome = await attempt(() => ctx.oms.customers.update(seller.id, body), UPDATE_FIELDS);
    if (outcome.ok) ctx.loaders.customer.clear(seller.id).prime(seller.id, outcome.ok);
    // `sellers(email:)` finds sellers through the index: it follows the change.
    if (outcome.ok && outcome.ok.email !== seller.email) await ctx.sellerIndex.changeEmail(seller.id, seller.email, outcome.ok.email);
    return { seller: outcome.ok, userErrors: outcome.userErrors };
  }

  @Mutation(() => SimulateKycDecisionPayload, {
    description: "Sandbox only: decides a seller's KYC review, as OMS's sandbox does; the endorsements follow. Tenant keys only.",
  })
  async simulateKycDecision(
    @Arg('input', () => SimulateKycDecisionInput, { description: 'What to decide.' }) input: SimulateKycDecisionInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<SimulateKycDecisionPayload> {
    const refused = sandboxOnly(ctx, 'KYC decisions can be simulated');
    if (refused) return { seller: null, userErrors: refused.userErrors };
    const valid = validate(simulateKycDecisionSchema, input);
    if ('errors' in valid) return { seller: null, userErrors: valid.errors };
    const seller = await ctx.visible.seller(valid.data.sellerId);
    if (!seller) return { seller: null, ...noSuchSeller('sellerId') };
    // A fresh key per call: deciding again (approve, reject, approve) must not replay the first answer.
    const key = idempotencyKey(ctx, 'simulateKycDecision', { ...valid.data, call: randomUUID() });
    const outcome = await attempt(() => ctx.oms.customers.simulateKyc(seller.id, { outcome: valid.data.outcome }, { idempotencyKey: key }), {
      outcome: ['input', 'outcome'],
    });
    if (outcome.ok) ctx.loaders.customer.clear(seller.id).prime(seller.id, outcome.ok);
    return { seller: outcome.ok, userErrors: outcome.userErrors };
  }
}

/** Where OMS's `param` of a customer update error points in UpdateSellerInput. */
const UPDATE_FIELDS: Record<string, string[]> = {
  firstName: ['input', 'firstName'],
  lastName: ['input', 'lastName'],
  email: ['input', 'email'],
  phone: ['input', 'phone'],
  residentialAddress: ['input', 'residentialAddress'],
  metadata: ['input', 'metadata'],
};
