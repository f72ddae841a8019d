import { z } from 'zod';
import { cryptoAsset, cryptoNetwork, decimal, fees, feeSchedule, metadata, timestamp, walletTargetRequest } from './common.js';
import { type Complete, decoded } from './decoded.js';
import { type DestinationLeg, destinationLegFields, finishDestinationLeg } from './legs.js';

/** Cash-ins (deposit codes paid at retail counters) and the cash locations that take them. */

export const cashInStatus = z.enum(['pending', 'processing', 'completed', 'failed', 'expired']);

const cashInFields = z.object({
  id: z.string().startsWith('ci_'),
  object: z.literal('cashIn'),
  status: cashInStatus,
  subStatus: z.string().nullish(),
  customerId: z.string().startsWith('cst_'),
  source: z.object({
    asset: z.literal('usd'),
    network: z.literal('cash'),
    indicatedAmount: decimal,
    amountGross: decimal.nullish(),
    amountNet: decimal.nullish(),
    feesDeducted: fees.nullish(),
  }),
  destination: destinationLegFields,
  cash: z.object({
    cashLocationId: z.string().optional(),
    locationId: z.string().optional(),
    cashLocationReference: z.string().optional(),
    locationReference: z.string().optional(),
  }),
  depositInstructions: z.object({
    code: z.string(),
    expiresAt: timestamp,
    locationName: z.string().nullish(),
    locationAddress: z.string().nullish(),
  }),
  omsFeeSchedule: feeSchedule,
  transaction: z.string().nullish(),
  transactionId: z.string().nullish(),
  metadata: metadata.nullish(),
  createdAt: timestamp,
  updatedAt: timestamp.nullish(),
  completedAt: timestamp.nullish(),
});
type CashInFields = z.output<typeof cashInFields>;
export type CashIn = Omit<CashInFields, 'transaction' | 'transactionId' | 'cash' | 'destination'> & {
  destination: DestinationLeg;
  transactionId: string | null;
  cash: { locationId: string | null; locationReference: string | null };
};
function finishCashIn(c: CashInFields): CashIn {
  const out: Complete<CashIn> = {
    id: c.id,
    object: c.object,
    status: c.status,
    subStatus: c.subStatus,
    customerId: c.customerId,
    source: c.source,
    destination: finishDestinationLeg(c.destination),
    cash: {
      locationId: c.cash.cashLocationId ?? c.cash.locationId ?? null,
      locationReference: c.cash.cashLocationReference ?? c.cash.locationReference ?? null,
    },
    depositInstructions: c.depositInstructions,
    omsFeeSchedule: c.omsFeeSchedule,
    transactionId: c.transactionId ?? c.transaction ?? null,
    metadata: c.metadata,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    completedAt: c.completedAt,
  };
  return out;
}
export const cashIn = decoded(cashInFields, finishCashIn);

export const createCashInRequest = z.strictObject({
  customerId: z.string().startsWith('cst_'),
  source: z.strictObject({ asset: z.literal('usd'), indicatedAmount: decimal.optional() }).optional(),
  destination: z.strictObject({ wallet: walletTargetRequest, asset: cryptoAsset, network: cryptoNetwork }),
  cash: z.strictObject({ cashLocationId: z.string().startsWith('loc_'), cashLocationReference: z.string().min(1) }),
  metadata: metadata.optional(),
});
export type CreateCashInRequest = z.input<typeof createCashInRequest>;

export const listCashInsParams = z.object({
  status: cashInStatus.optional(),
  customerId: z.string().optional(),
  createdAfter: timestamp.optional(),
  createdBefore: timestamp.optional(),
});

export const barcodeAuthRequest = z.strictObject({
  accountNumber: z.string().min(1),
  amount: decimal,
  customerId: z.string().optional(),
});
export const barcodeAuthResponse = z.object({
  confirmationId: z.string(),
  authorizedAmount: decimal,
  responseCode: z.string(),
  responseText: z.string(),
});
export const authCommitRequest = z.strictObject({
  accountNumber: z.string().min(1),
  accountReferenceNumber: z.string().min(1),
  amount: decimal,
  originalConfirmationId: z.string().min(1),
  customerId: z.string().optional(),
  description: z.string().optional(),
});
export const authCommitResponse = z.object({
  authorizedAmount: decimal,
  confirmationId: z.string(),
  responseCode: z.string(),
  responseId: z.string(),
  responseText: z.string(),
});

export const cashLocation = z.object({
  id: z.string().startsWith('loc_'),
  locationReference: z.string(),
  provider: z.string(),
  name: z.string(),
  address: z.string(),
  city: z.string(),
  state: z.string(),
  zipCode: z.string(),
  country: z.string(),
  distance: decimal,
  buyAllowed: z.boolean(),
  sellAllowed: z.boolean(),
});
export type CashLocation = z.output<typeof cashLocation>;
export const listCashLocationsParams = z.object({
  provider: z.string().min(1),
  latitude: z.coerce.number().min(-90).max(90),
  longitude: z.coerce.number().min(-180).max(180),
  flow: z.enum(['cashIn', 'cashOut']).optional(),
});
export type ListCashLocationsParams = z.input<typeof listCashLocationsParams>;
