import { fixedAmountSide, quoteStatus } from '../../oms/schemas/index.js';
import { graphqlEnum } from '../common/enum.js';

export const QuoteStatus = graphqlEnum(quoteStatus.options, 'QuoteStatus', 'OPEN can be executed until it expires; ACCEPTED was executed.', {
  open: 'Can be executed with executeQuote until expiresAt (five minutes by default).',
  accepted: 'Executed: its transaction exists. Executing it again answers QUOTE_ALREADY_ACCEPTED.',
  expired: 'Lapsed before it was executed; create a new quote (executing it answers QUOTE_EXPIRED).',
});
export type QuoteStatus = (typeof quoteStatus.options)[number];
export const FixedAmountSide = graphqlEnum(fixedAmountSide.options, 'FixedAmountSide', 'Which side of a quote the amount was fixed on.', {
  source: 'The amount is what leaves the source; fees come out of it and the destination receives the rest.',
  destination: 'The amount is what arrives at the destination; the source pays it plus the fees.',
});
export type FixedAmountSide = (typeof fixedAmountSide.options)[number];
