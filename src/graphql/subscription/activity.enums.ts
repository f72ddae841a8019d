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
  valuesConfig: {
    TRANSACTION: { description: "A transaction's status changed; `transaction` is set." },
    BALANCE: { description: "A wallet's balance moved; `balance` is set, as the gateway read it after the event." },
    CASH_IN: { description: 'A cash-in changed; `cashIn` is set.' },
    SELLER: { description: "A seller's endorsements or KYC review changed; `seller` is set." },
  } satisfies Record<keyof typeof ActivityKind, { description: string }>,
});

/** Every kind of the log has its GraphQL name: a kind added to the log without one fails to compile here. */
export type EveryKindNamed = Exclude<EventKind, (typeof ActivityKind)[keyof typeof ActivityKind]> extends never ? true : never;
export const everyKindNamed: EveryKindNamed = true;
