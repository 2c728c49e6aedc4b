import type { EstimateBasis } from '../types';
import type { KeySample } from './key-sample';

/** What the cost model knows of a table's size, and how it came to know it. */
export interface TableStats {
  readonly itemCount: number;
  readonly avgItemBytes: number;
  readonly sizeBytes: number;
  readonly basis: EstimateBasis;
  /** For people: where the figures come from (and what sampling cost). */
  readonly note: string;
  /** The RCU read to sample the table for these figures (absent: DescribeTable's, nothing read). */
  readonly sampledRcu?: number;
  /** How often the sampled items held each value of the GSIs' partition keys (absent: nothing sampled). */
  readonly keySample?: KeySample;
}
