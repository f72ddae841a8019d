import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { z } from 'zod';
import { kycOutcome } from '../../oms/schemas/index.js';
import { UserError } from '../common/common.type.js';
import { emailInput, id, idempotencyKeyInput, line, optional, sellerMetadataInput } from '../common/inputs.js';
import { DateTimeScalar, JSONObjectScalar } from '../scalars.js';
import { KycOutcome } from './seller.enums.js';
import { Seller } from './seller.type.js';

@InputType({ description: 'A postal address.' })
export class AddressInput {
  @Field(() => String, { description: 'Street and number.' }) line1!: string;
  @Field(() => String, { nullable: true, description: 'Apartment, suite, floor.' }) line2?: string | null;
  @Field(() => String, { description: 'City.' }) city!: string;
  @Field(() => String, { nullable: true, description: 'State or region.' }) state?: string | null;
  @Field(() => String, { description: 'ISO 3166-1 alpha-2 country code, e.g. "US".' }) country!: string;
  @Field(() => String, { description: 'Postal code.' }) zipCode!: string;
}

@InputType({ description: 'A new seller of the calling tenant.' })
export class CreateSellerInput {
  @Field(() => String, { nullable: true, description: 'Your own id for this seller; unique within the tenant.' }) externalId?: string | null;
  @Field(() => String, { description: 'Given name.' }) firstName!: string;
  @Field(() => String, { description: 'Family name.' }) lastName!: string;
  @Field(() => String, { description: 'Email address.' }) email!: string;
  @Field(() => String, { nullable: true, description: 'Phone number in E.164 form, e.g. "+12125551234".' }) phone?: string | null;
  @Field(() => String, { nullable: true, description: 'Date of birth, YYYY-MM-DD.' }) birthDate?: string | null;
  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 nationality, e.g. "US".' }) nationality?: string | null;
  @Field(() => AddressInput, { nullable: true, description: 'Where the seller lives.' }) residentialAddress?: AddressInput | null;
  @Field(() => JSONObjectScalar, { nullable: true, description: 'Your own key-value data (at most 19 keys).' }) metadata?: Record<string, unknown> | null;
  @Field(() => String, { nullable: true, description: 'Makes retries safe: the same key creates one seller. Derived from the input when absent.' })
  idempotencyKey?: string | null;
}

const country = z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 code like "US"');
const personName = line(100);
const email = emailInput;
const phone = z.string().regex(/^\+[1-9]\d{6,14}$/, 'expected an E.164 phone number like +12125551234');
/** A real date of birth: from 1900 to today (UTC), so a typo such as 0990 or 2990 is named here rather than by OMS. */
const birthDate = z.iso
  .date('expected a date like 1990-05-15')
  .pipe(z.string().refine((date) => date >= '1900-01-01' && date <= new Date().toISOString().slice(0, 10), 'expected a date from 1900 to today'));
const address = z.object({
  line1: line(200),
  line2: optional(line(200)),
  city: line(100),
  state: optional(line(100)),
  country,
  zipCode: line(20).pipe(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 -]*$/, 'expected a postal code of letters, digits, spaces and hyphens')),
});

export const createSellerSchema = z.object({
  externalId: optional(line(200)),
  firstName: personName,
  lastName: personName,
  email,
  phone: optional(phone),
  birthDate: optional(birthDate),
  nationality: optional(country),
  residentialAddress: optional(address),
  metadata: optional(sellerMetadataInput),
  idempotencyKey: optional(idempotencyKeyInput),
});

@ObjectType({ description: 'The seller created, or why not.' })
export class CreateSellerPayload {
  @Field(() => Seller, { nullable: true, description: 'The new seller; null for a seller token, which sees itself alone (the seller is made all the same).' })
  seller!: Seller | null;
  @Field(() => [UserError], { description: 'Why the seller was not created; empty on success.' }) userErrors!: UserError[];
}

@InputType({ description: 'A dashboard session for one seller.' })
export class CreateSellerSessionInput {
  @Field(() => ID, { description: 'The seller the token will see, alone.' }) sellerId!: string;
  @Field(() => Int, { nullable: true, defaultValue: 3600, description: 'Lifetime of the token; at most 86400.' }) ttlSeconds?: number | null;
}

export const createSellerSessionSchema = z.object({
  sellerId: id('cst_', 'seller'),
  ttlSeconds: z
    .number()
    .int()
    .min(60, 'at least 60 seconds')
    .max(86_400, 'at most 86400 seconds (one day)')
    .nullish()
    .transform((v) => v ?? 3600),
});

@ObjectType({ description: "A signed token that sees one seller's data only." })
export class SellerSession {
  @Field(() => ID, { description: 'The session, to end it early with revokeSellerSession.' }) id!: string;
  @Field(() => String, { description: 'Send as `Authorization: Bearer <token>`, or as connectionParams.authorization on graphql-ws.' }) token!: string;
  @Field(() => DateTimeScalar, { description: 'When the token stops working.' }) expiresAt!: Date;
  @Field(() => Seller, { description: 'The seller the token sees.' }) seller!: Seller;
}

@ObjectType({ description: 'The session created, or why not.' })
export class CreateSellerSessionPayload {
  @Field(() => SellerSession, { nullable: true, description: 'The new session.' }) session!: SellerSession | null;
  @Field(() => [UserError], { description: 'Why no session was created; empty on success.' }) userErrors!: UserError[];
}

@InputType({ description: 'What to change of a seller; absent fields stay as they are.' })
export class UpdateSellerInput {
  @Field(() => ID, { description: 'The seller.' }) id!: string;
  @Field(() => String, { nullable: true, description: 'Given name.' }) firstName?: string | null;
  @Field(() => String, { nullable: true, description: 'Family name.' }) lastName?: string | null;
  @Field(() => String, { nullable: true, description: 'Email address.' }) email?: string | null;
  @Field(() => String, { nullable: true, description: 'Phone number in E.164 form, e.g. "+12125551234".' }) phone?: string | null;
  @Field(() => AddressInput, { nullable: true, description: 'Where the seller lives; replaces the whole address.' }) residentialAddress?: AddressInput | null;
  @Field(() => JSONObjectScalar, { nullable: true, description: 'Replaces all of your own key-value data about the seller (at most 19 keys).' })
  metadata?: Record<string, unknown> | null;
}

export const updateSellerSchema = z
  .object({
    id: id('cst_', 'seller'),
    firstName: optional(personName),
    lastName: optional(personName),
    email: optional(email),
    phone: optional(phone),
    residentialAddress: optional(address),
    metadata: optional(sellerMetadataInput),
  })
  .refine(({ id: _id, ...changes }) => Object.values(changes).some((value) => value !== undefined), 'give at least one field to change');

@ObjectType({ description: 'The seller as changed, or why not.' })
export class UpdateSellerPayload {
  @Field(() => Seller, { nullable: true, description: 'The seller after the change.' }) seller!: Seller | null;
  @Field(() => [UserError], { description: 'Why nothing changed; empty on success.' }) userErrors!: UserError[];
}

@InputType({ description: "Sandbox only: the outcome of a seller's KYC review." })
export class SimulateKycDecisionInput {
  @Field(() => ID, { description: 'The seller under review.' }) sellerId!: string;
  @Field(() => KycOutcome, { description: 'APPROVED activates every endorsement of the seller; REJECTED rejects them.' }) outcome!: KycOutcome;
}

export const simulateKycDecisionSchema = z.object({ sellerId: id('cst_', 'seller'), outcome: kycOutcome });

@ObjectType({ description: 'The seller with its endorsements after the decision, or why not.' })
export class SimulateKycDecisionPayload {
  @Field(() => Seller, { nullable: true, description: 'The seller, its endorsements decided.' }) seller!: Seller | null;
  @Field(() => [UserError], { description: 'Why nothing was decided; empty on success.' }) userErrors!: UserError[];
}
