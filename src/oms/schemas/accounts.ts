import { z } from 'zod';
import {
  cryptoAsset,
  cryptoNetwork,
  decimal,
  developerFeeRequest,
  feeEntry,
  feeSchedule,
  metadata,
  finishWalletTarget,
  timestamp,
  type WalletTarget,
  walletTargetFields,
  walletTargetRequest,
} from './common.js';
import { decoded } from './decoded.js';

/** Virtual accounts, deposit addresses and external accounts: the "intended" early-access shapes. */

const bankRail = z.enum(['usBank', 'ach']);
const destinationFields = z.object({ wallet: walletTargetFields, asset: cryptoAsset, network: cryptoNetwork });
type Destination = Omit<z.output<typeof destinationFields>, 'wallet'> & { wallet: WalletTarget };

/**
 * Only the destination's wallet target needs normalising: the checked copy (zod's, held by nobody
 * else) gets a normalised destination in place instead of being rebuilt field by field.
 */
function withDestination<T extends { destination: z.output<typeof destinationFields> }>(account: T): Omit<T, 'destination'> & { destination: Destination } {
  const { wallet, asset, network } = account.destination;
  return Object.assign(account, { destination: { wallet: finishWalletTarget(wallet), asset, network } });
}
const destinationRequest = z.strictObject({ wallet: walletTargetRequest, asset: cryptoAsset, network: cryptoNetwork });
export const accountStatus = z.enum(['active', 'paused', 'deleted']);
export const accountholderName = z.enum(['customer', 'oms', 'developer']);
export const depositRail = z.enum(['ach_in', 'wire_in', 'swift_in']);
export const externalAccountType = z.enum(['usBank', 'intlBank', 'card', 'blockchainAddress']);
export const externalAccountStatus = z.enum(['pending', 'verified', 'declined', 'deleted']);
/** The four kinds of external account ids: debit card, US bank, international bank, blockchain address. */
export const EXTERNAL_ACCOUNT_ID = /^(pmCard|cpUsBank|cpIntlBank|cpBcAddr)_/;
export const IBAN = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/;
export const SWIFT_CODE = /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

const virtualAccountFields = z.object({
  id: z.string().startsWith('va_'),
  object: z.literal('virtualAccount'),
  customerId: z.string().startsWith('cst_'),
  status: accountStatus,
  source: z.object({ asset: z.literal('usd'), network: bankRail }),
  bankDetails: z.object({
    bankName: z.string(),
    accountNumber: z.string(),
    routingNumber: z.string(),
    accountType: z.string(),
    ownerName: z.string(),
    reference: z.string(),
  }),
  destination: destinationFields,
  developerFees: z.array(feeEntry).default([]),
  omsFeeSchedule: feeSchedule,
  label: z.string().nullish(),
  bankMemo: z.string().nullish(),
  accountholderName,
  metadata: metadata.nullish(),
  createdAt: timestamp,
  updatedAt: timestamp.nullish(),
});
export const virtualAccount = decoded(virtualAccountFields, withDestination);
export type VirtualAccount = z.output<typeof virtualAccount>;

export const createVirtualAccountRequest = z.strictObject({
  source: z.strictObject({ asset: z.literal('usd'), network: bankRail }),
  destination: destinationRequest,
  developerFees: z.array(developerFeeRequest).max(5).optional(),
  accountholderName: accountholderName.optional(),
  label: z.string().max(200).optional(),
  bankMemo: z.string().max(140).optional(),
  metadata: metadata.optional(),
});
export type CreateVirtualAccountRequest = z.input<typeof createVirtualAccountRequest>;

/** Pause/resume, or redirect future deposits; the source (and bank account number) never changes. */
export const updateAccountRequest = z
  .strictObject({
    status: z.enum(['active', 'paused']).optional(),
    destination: z.strictObject({ wallet: walletTargetRequest, asset: cryptoAsset.optional(), network: cryptoNetwork.optional() }).optional(),
  })
  .refine((body) => body.status !== undefined || body.destination !== undefined, 'expected status or destination');
export type UpdateAccountRequest = z.input<typeof updateAccountRequest>;

export const listAccountsParams = z.object({ status: accountStatus.optional() });

/** Amount in integer cents, as the docs fix for this one endpoint: "50000" is 500.00 USD. */
export const simulateVirtualAccountRequest = z.strictObject({
  rail: depositRail,
  amount: z.strictObject({
    currency: z.literal('USD'),
    value: z.string().regex(/^[1-9]\d{0,11}$/, 'expected a positive whole number of cents, e.g. "50000"'),
  }),
});
export type SimulateVirtualAccountRequest = z.input<typeof simulateVirtualAccountRequest>;

export const simulateVirtualAccountResponse = z.object({
  object: z.literal('simulatedDeposit'),
  rail: depositRail,
  virtualAccountId: z.string().startsWith('va_'),
  amount: z.object({ currency: z.literal('USD'), value: z.string() }),
  status: z.literal('submitted'),
  transactionId: z.string().startsWith('txn_'),
  submittedAt: timestamp,
});
export type SimulatedVirtualAccountDeposit = z.output<typeof simulateVirtualAccountResponse>;

const depositAddressFields = z.object({
  id: z.string().startsWith('da_'),
  object: z.literal('depositAddress'),
  customerId: z.string().startsWith('cst_'),
  status: accountStatus,
  transactionType: z.literal('cryptoToCrypto'),
  source: z.object({
    asset: cryptoAsset,
    network: cryptoNetwork,
    depositInstructions: z.object({ address: z.string(), asset: cryptoAsset, network: cryptoNetwork }),
  }),
  destination: destinationFields,
  developerFees: z.array(feeEntry).default([]),
  /** Not in the docs' example; kept like a virtual account's, so the developer can name an address. */
  label: z.string().nullish(),
  metadata: metadata.nullish(),
  createdAt: timestamp,
  updatedAt: timestamp.nullish(),
});
export const depositAddress = decoded(depositAddressFields, withDestination);
export type DepositAddress = z.output<typeof depositAddress>;

export const createDepositAddressRequest = z.strictObject({
  source: z.strictObject({ asset: cryptoAsset, network: cryptoNetwork }),
  destination: destinationRequest,
  developerFees: z.array(developerFeeRequest).max(5).optional(),
  label: z.string().max(200).optional(),
  metadata: metadata.optional(),
});
export type CreateDepositAddressRequest = z.input<typeof createDepositAddressRequest>;

export const simulateDepositAddressRequest = z.strictObject({ amount: z.strictObject({ value: decimal }) });
export const simulateDepositAddressResponse = z.object({
  amount: z.object({ value: decimal, currency: z.string() }),
  depositAddressId: z.string().startsWith('da_'),
  network: z.string(),
  status: z.literal('submitted'),
  submittedAt: timestamp,
  transactionHash: z.string(),
  transactionId: z.string().startsWith('txn_').optional(),
});
export type SimulatedAddressDeposit = z.output<typeof simulateDepositAddressResponse>;

export const externalAccount = z.object({
  id: z.string().regex(EXTERNAL_ACCOUNT_ID, 'expected an external account id'),
  object: z.literal('externalAccount'),
  customerId: z.string().startsWith('cst_'),
  type: externalAccountType,
  status: externalAccountStatus,
  /** ach or wire for banks, the chain for an address; a string, so a rail OMS adds later still parses. */
  network: z.string(),
  /** The account number arrives masked ("******4242"); the gateway shows its last four digits alone. */
  bankDetails: z.object({ bankName: z.string(), accountNumber: z.string() }).nullish(),
  address: z.string().nullish(),
  label: z.string().nullish(),
  createdAt: timestamp,
});
export type ExternalAccount = z.output<typeof externalAccount>;

const registeredStatus = z.enum(['pending', 'verified', 'declined']).default('verified');
const label = z.string().min(1).max(200).optional();

/** Sandbox only: OMS provisions external accounts itself; tests need a way to make them. */
export const createExternalAccountRequest = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('usBank'),
    bankName: z.string().min(1),
    accountNumber: z.string().regex(/^\d{4,17}$/, 'expected 4 to 17 digits'),
    routingNumber: z.string().regex(/^\d{9}$/, 'expected 9 digits'),
    network: z.enum(['ach', 'wire']).default('ach'),
    status: registeredStatus,
    label,
  }),
  z.strictObject({
    type: z.literal('intlBank'),
    bankName: z.string().min(1),
    iban: z.string().regex(IBAN, 'expected an IBAN: 2 letters, 2 digits, 11 to 30 letters or digits'),
    swiftCode: z.string().regex(SWIFT_CODE, 'expected a SWIFT/BIC code of 8 or 11 characters'),
    country: z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 country code'),
    network: z.literal('wire').default('wire'),
    status: registeredStatus,
    label,
  }),
  z.strictObject({
    type: z.literal('blockchainAddress'),
    address: z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'expected a 0x-prefixed 20-byte hex address'),
    network: cryptoNetwork.default('polygon'),
    status: registeredStatus,
    label,
  }),
]);
export type CreateExternalAccountRequest = z.input<typeof createExternalAccountRequest>;
