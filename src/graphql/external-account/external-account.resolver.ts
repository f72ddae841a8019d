import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { network as omsNetwork, type CreateExternalAccountRequest, type ExternalAccount as OmsExternalAccount } from '../../oms/schemas/index.js';
import { requireMaySaveBlockchainAddress } from '../../tenancy/permissions.js';
import { UserErrorCode } from '../common/common.type.js';
import { Network } from '../common/enums.js';
import { attempt, failed, idempotencyKey, sandboxOnly, validate } from '../common/mutation.js';
import type { GatewayContext } from '../context.js';
import { Seller } from '../seller/seller.type.js';
import {
  RegisterExternalAccountInput,
  RegisterExternalAccountPayload,
  registerExternalAccountSchema,
  type RegisterExternalAccount,
} from './external-account.input.js';
import { ExternalAccount } from './external-account.type.js';

@Resolver(() => ExternalAccount)
export class ExternalAccountResolver {
  @Query(() => ExternalAccount, { nullable: true, description: "An external account by id, or null where it does not exist or is not the caller's." })
  externalAccount(@Arg('id', () => ID, { description: 'An OMS id (pmCard_…, cpUsBank_…, cpIntlBank_…, cpBcAddr_…).' }) id: string, @Ctx() ctx: GatewayContext) {
    return ctx.visible.externalAccount(id);
  }

  @FieldResolver(() => Seller, { description: 'The seller the account belongs to.' })
  seller(@Root() account: OmsExternalAccount, @Ctx() ctx: GatewayContext) {
    return ctx.loaders.customer.load(account.customerId);
  }

  @FieldResolver(() => Network, { nullable: true, description: 'ACH or WIRE for banks; the chain for a blockchain address.' })
  network(@Root() account: OmsExternalAccount) {
    const known = omsNetwork.safeParse(account.network);
    return known.success ? known.data : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Your label.' })
  label(@Root() account: OmsExternalAccount) {
    return account.label ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'The bank, for bank accounts.' })
  bankName(@Root() account: OmsExternalAccount) {
    return account.bankDetails?.bankName ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'The last four digits only; full numbers never leave the gateway.' })
  accountNumberLast4(@Root() account: OmsExternalAccount) {
    return lastFour(account.bankDetails?.accountNumber);
  }

  @FieldResolver(() => String, { nullable: true, description: 'The address, for a BLOCKCHAIN_ADDRESS.' })
  blockchainAddress(@Root() account: OmsExternalAccount) {
    return account.address ?? null;
  }

  @Mutation(() => RegisterExternalAccountPayload, {
    description:
      'Sandbox only: OMS provisions external accounts through early access, with no public endpoint. A seller token saves a BLOCKCHAIN_ADDRESS only where its tenant allows any destination (else FORBIDDEN).',
  })
  async registerExternalAccount(
    @Arg('input', () => RegisterExternalAccountInput, { description: 'What to do.' }) raw: RegisterExternalAccountInput,
    @Ctx() ctx: GatewayContext,
  ) {
    const refused = sandboxOnly(ctx, 'External accounts can be registered');
    if (refused) return { externalAccount: null, userErrors: refused.userErrors };
    const valid = validate(registerExternalAccountSchema, raw);
    if ('errors' in valid) return { externalAccount: null, userErrors: valid.errors };
    const v = valid.data;
    if (v.type === 'blockchainAddress') requireMaySaveBlockchainAddress(ctx.caller);
    const seller = await ctx.visible.seller(v.sellerId);
    if (!seller) return { externalAccount: null, ...failed(UserErrorCode.NOT_FOUND, 'No such seller', ['input', 'sellerId']) };
    const key = idempotencyKey(ctx, 'registerExternalAccount', v, v.idempotencyKey);
    const outcome = await attempt(() => ctx.oms.externalAccounts.create(seller.id, toRequest(v), { idempotencyKey: key }), FIELDS);
    return { externalAccount: outcome.ok, userErrors: outcome.userErrors };
  }
}

/** The trailing four digits of a (masked or not) number: all of it that is ever shown. */
export function lastFour(number: string | null | undefined): string | null {
  return /([0-9A-Za-z]{4})$/.exec(number ?? '')?.[1] ?? null;
}

function toRequest(v: RegisterExternalAccount): CreateExternalAccountRequest {
  const label = v.label ? { label: v.label } : {};
  switch (v.type) {
    case 'usBank':
      return { type: v.type, bankName: v.bankName!, routingNumber: v.routingNumber!, accountNumber: v.accountNumber!, network: v.network as 'ach', ...label };
    case 'intlBank':
      return { type: v.type, bankName: v.bankName!, iban: v.iban!, swiftCode: v.swiftCode!, country: v.country!, network: 'wire', ...label };
    case 'blockchainAddress':
      return { type: v.type, address: v.blockchainAddress!, network: v.network as 'polygon', ...label };
    default: {
      const unknown: never = v.type;
      throw new Error(`unknown external account type ${String(unknown)}`);
    }
  }
}

/** Where OMS's `param` of a registration error points in the input. */
const FIELDS: Record<string, string[]> = {
  bankName: ['input', 'bankName'],
  accountNumber: ['input', 'accountNumber'],
  routingNumber: ['input', 'routingNumber'],
  iban: ['input', 'iban'],
  swiftCode: ['input', 'swiftCode'],
  country: ['input', 'country'],
  address: ['input', 'blockchainAddress'],
  network: ['input', 'network'],
  label: ['input', 'label'],
  type: ['input', 'type'],
};
