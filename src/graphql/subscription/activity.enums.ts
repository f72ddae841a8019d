import { registerEnumType } from 'type-graphql';
import type { EventKind } from '../../events/event-log.js';

/** The kinds of the gateway's event log (not an OMS enum): one stream carries them all. */
export const ActivityKind = { TRANSACTION: 'transaction', BALANCE: 'balance', CASH_IN: 'cashIn', SELLER: 'seller' } as const satisfies Record<
  string,
  EventKind
>;
export type ActivityKind = EventKind;
registerEnumType(ActivityKind, {
  name: 'ActivityKind',
  description: 'What an activity event is about: a transaction, a wallet balance, a cash-in, or a seller (endorsements and KYC).',
});

/** Every kind of the log has its GraphQL name: a kind added to the log without one fails to compile here. */
export type EveryKindNamed = Exclude<EventKind, (typeof ActivityKind)[keyof typeof ActivityKind]> extends never ? true : never;
export const everyKindNamed: EveryKindNamed = true;
