import { fixedAmountSide, quoteStatus } from '../../oms/schemas/index.js';
import { graphqlEnum } from '../common/enum.js';

export const QuoteStatus = graphqlEnum(quoteStatus.options, 'QuoteStatus', 'OPEN can be executed until it expires; ACCEPTED was executed.');
export type QuoteStatus = (typeof quoteStatus.options)[number];
export const FixedAmountSide = graphqlEnum(fixedAmountSide.options, 'FixedAmountSide', 'Which side of a quote the amount was fixed on.');
export type FixedAmountSide = (typeof fixedAmountSide.options)[number];
