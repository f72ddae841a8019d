import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { z } from 'zod';
import { IBAN, SWIFT_CODE } from '../../oms/schemas/index.js';
import { UserError } from '../common/common.type.js';
import { Network } from '../common/enums.js';
import { blockchainAddressInput, id, idempotencyKeyInput, line, optional } from '../common/inputs.js';
import { ExternalAccountType } from './external-account.enums.js';
import { ExternalAccount } from './external-account.type.js';

@InputType({ description: 'Sandbox only: a payout destination of a seller. Give the fields of its type alone.' })
export class RegisterExternalAccountInput {
  @Field(() => ID, { description: 'The seller the account belongs to.' }) sellerId!: string;
  @Field(() => ExternalAccountType, { description: 'US_BANK, INTERNATIONAL_BANK or BLOCKCHAIN_ADDRESS; cards are provisioned by OMS alone.' })
  type!: ExternalAccountType;
  @Field(() => String, { nullable: true, description: 'Your label.' }) label?: string | null;
  @Field(() => String, { nullable: true, description: 'US_BANK and INTERNATIONAL_BANK.' }) bankName?: string | null;
  @Field(() => String, { nullable: true, description: 'US_BANK: nine digits.' }) routingNumber?: string | null;
  @Field(() => String, { nullable: true, description: 'US_BANK: 4 to 17 digits. Only its last four are ever shown again.' }) accountNumber?: string | null;
  @Field(() => String, { nullable: true, description: 'INTERNATIONAL_BANK. Only its last four characters are ever shown again.' }) iban?: string | null;
  @Field(() => String, { nullable: true, description: 'INTERNATIONAL_BANK: the SWIFT/BIC code, 8 or 11 characters.' }) swiftCode?: string | null;
  @Field(() => String, { nullable: true, description: 'INTERNATIONAL_BANK: the ISO 3166-1 alpha-2 country code, e.g. "DE".' }) country?: string | null;
  @Field(() => String, { nullable: true, description: 'BLOCKCHAIN_ADDRESS: a 0x-prefixed address.' }) blockchainAddress?: string | null;
  @Field(() => Network, {
    nullable: true,
    description: 'BLOCKCHAIN_ADDRESS: its chain (POLYGON by default); US_BANK: ACH (default) or WIRE; INTERNATIONAL_BANK: WIRE.',
  })
  network?: Network | null;
  @Field(() => String, { nullable: true, description: 'Makes retries safe; derived from the input when absent.' }) idempotencyKey?: string | null;
}

/** The fields each type needs, and the networks it may be on (the first is the default). */
const TYPES = {
  usBank: { name: 'US_BANK', required: ['bankName', 'routingNumber', 'accountNumber'], networks: ['ach', 'wire'] },
  intlBank: { name: 'INTERNATIONAL_BANK', required: ['bankName', 'iban', 'swiftCode', 'country'], networks: ['wire'] },
  blockchainAddress: { name: 'BLOCKCHAIN_ADDRESS', required: ['blockchainAddress'], networks: ['polygon', 'ethereum'] },
} as const;
const DETAILS = ['bankName', 'routingNumber', 'accountNumber', 'iban', 'swiftCode', 'country', 'blockchainAddress'] as const;
const upper = (value: string) => value.replace(/\s+/g, '').toUpperCase();

export const registerExternalAccountSchema = z
  .object({
    sellerId: id('cst_', 'seller'),
    type: z.enum(['usBank', 'intlBank', 'blockchainAddress'], 'a CARD cannot be registered: OMS provisions debit cards itself'),
    label: optional(line(200)),
    bankName: optional(line(100)),
    // Never echo the numbers in a message: they are the seller's bank details.
    routingNumber: optional(z.string().regex(/^\d{9}$/, 'expected nine digits')),
    accountNumber: optional(z.string().regex(/^\d{4,17}$/, 'expected 4 to 17 digits')),
    iban: optional(z.string().transform(upper).pipe(z.string().regex(IBAN, 'expected an IBAN: 2 letters, 2 check digits, 11 to 30 letters or digits'))),
    swiftCode: optional(z.string().transform(upper).pipe(z.string().regex(SWIFT_CODE, 'expected a SWIFT/BIC code of 8 or 11 letters and digits'))),
    country: optional(
      z
        .string()
        .transform(upper)
        .pipe(z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 country code, e.g. "DE"')),
    ),
    blockchainAddress: optional(blockchainAddressInput),
    network: optional(z.enum(['polygon', 'ethereum', 'usBank', 'ach', 'wire', 'cash'])),
    idempotencyKey: optional(idempotencyKeyInput),
  })
  .superRefine((input, ctx) => {
    const type = TYPES[input.type];
    for (const field of DETAILS) {
      const wanted = (type.required as readonly string[]).includes(field);
      if (wanted && input[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `${field} is required for ${type.name}` });
      if (!wanted && input[field] !== undefined) ctx.addIssue({ code: 'custom', path: [field], message: `${field} is not used for ${type.name}` });
    }
    if (input.network !== undefined && !(type.networks as readonly string[]).includes(input.network)) {
      const names = type.networks.map((network) => network.toUpperCase()).join(' or ');
      ctx.addIssue({ code: 'custom', path: ['network'], message: `a ${type.name} account is on ${names}` });
    }
  })
  .transform((input) => ({ ...input, network: input.network ?? TYPES[input.type].networks[0] }));
export type RegisterExternalAccount = z.output<typeof registerExternalAccountSchema>;

@ObjectType({ description: 'The external account registered, or why not.' })
export class RegisterExternalAccountPayload {
  @Field(() => ExternalAccount, { nullable: true, description: 'The new account, bank numbers masked.' }) externalAccount!: ExternalAccount | null;
  @Field(() => [UserError], { description: 'Why nothing was registered; empty on success.' }) userErrors!: UserError[];
}
