import { z } from 'zod';
import { asset, decimal, metadata, timestamp } from './common.js';
import { decoded } from './decoded.js';

export const endorsementName = z.enum(['basic', 'cryptoCustody', 'usd']);
export const customerStatus = z.enum(['active', 'inactive']);
export const endorsementStatus = z.enum(['pending', 'active', 'rejected', 'revoked']);
export type EndorsementName = z.infer<typeof endorsementName>;
export type EndorsementStatus = z.infer<typeof endorsementStatus>;

/** The customers concept page lists granted endorsements as plain names; the API reference as objects. */
const endorsementFields = z.union([endorsementName, z.object({ name: endorsementName, status: endorsementStatus })]);
export interface Endorsement {
  name: EndorsementName;
  status: EndorsementStatus;
}
function finishEndorsement(endorsement: z.output<typeof endorsementFields>): Endorsement {
  return typeof endorsement === 'string' ? { name: endorsement, status: 'active' } : endorsement;
}
export const endorsement = decoded(endorsementFields, finishEndorsement);

const address = z.object({
  line1: z.string(),
  line2: z.string().nullish(),
  city: z.string(),
  state: z.string().nullish(),
  country: z.string(),
  zipCode: z.string(),
});

const customerChecked = z.object({
  id: z.string().startsWith('cst_'),
  object: z.literal('customer'),
  type: z.literal('individual').optional(),
  firstName: z.string().nullish(),
  middleName: z.string().nullish(),
  lastName: z.string().nullish(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
  birthDate: z.string().nullish(),
  nationality: z.string().nullish(),
  externalId: z.string().nullish(),
  status: customerStatus,
  signedAgreement: z.boolean().nullish(),
  residentialAddress: address.nullish(),
  endorsements: z.array(endorsementFields),
  /** Embedded on the API reference's example; the client reads wallets from their own endpoint. */
  wallets: z.array(z.object({ id: z.string(), asset: asset.optional(), balance: decimal.optional() }).loose()).optional(),
  metadata: metadata.nullish(),
  createdAt: timestamp,
  updatedAt: timestamp.nullish(),
});
type CustomerChecked = z.output<typeof customerChecked>;
export type Customer = Omit<CustomerChecked, 'endorsements'> & { endorsements: Endorsement[] };
/**
 * Only the endorsements may need rewriting, and only when OMS sent plain names: the checked copy,
 * which zod made and nobody else holds, is otherwise returned as it is.
 */
function finishCustomer(c: CustomerChecked): Customer {
  if (c.endorsements.every((e) => typeof e !== 'string')) return c as Customer;
  return Object.assign(c, { endorsements: c.endorsements.map(finishEndorsement) });
}
export const customer = decoded(customerChecked, finishCustomer);

const customerFields = {
  firstName: z.string().min(1).max(100).optional(),
  middleName: z.string().min(1).max(100).optional(),
  lastName: z.string().min(1).max(100).optional(),
  email: z.email().optional(),
  phone: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'expected an E.164 phone number like +12125551234')
    .optional(),
  birthDate: z.iso.date().optional(),
  nationality: z
    .string()
    .regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 country code')
    .optional(),
  ipAddress: z.string().optional(),
  externalId: z.string().min(1).max(200).optional(),
  signedAgreement: z.boolean().optional(),
  residentialAddress: z
    .strictObject({
      line1: z.string().min(1),
      line2: z.string().optional(),
      city: z.string().min(1),
      state: z.string().optional(),
      country: z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 country code'),
      zipCode: z.string().min(1),
    })
    .optional(),
  identifyingInformation: z.array(z.strictObject({ type: z.string().optional(), issuingCountry: z.string(), number: z.string() })).optional(),
  metadata: metadata.optional(),
};

export const createCustomerRequest = z.strictObject({
  type: z.literal('individual').default('individual'),
  ...customerFields,
  /** Endorsements requested; the sandbox requests all three when none are named. */
  endorsements: z.array(endorsementName).optional(),
});
export type CreateCustomerRequest = z.input<typeof createCustomerRequest>;

export const updateCustomerRequest = z.strictObject(customerFields);
export type UpdateCustomerRequest = z.input<typeof updateCustomerRequest>;

export const listCustomersParams = z.object({
  status: customerStatus.optional(),
  email: z.string().optional(),
  externalId: z.string().optional(),
  createdAfter: timestamp.optional(),
  createdBefore: timestamp.optional(),
});
export type ListCustomersParams = z.input<typeof listCustomersParams>;

export const kycOutcome = z.enum(['approved', 'rejected']);
export type KycOutcome = z.infer<typeof kycOutcome>;

/** Sandbox only: decide the outcome of KYC review for a customer's pending endorsements. */
export const simulateKycRequest = z.strictObject({ outcome: kycOutcome });
