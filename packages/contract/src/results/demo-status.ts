/**
 * `GET /api/demo`: the embedded demo's background work. On a first start the server answers as soon
 * as the small demo tables and the catalog are ready and fills the big `events` table behind them;
 * queries on it meanwhile see the items written so far. `fill` is null when nothing is filled on
 * this start (no demo, or its data was already there).
 */
export interface DemoStatus {
  readonly fill: DemoFill | null;
}

export interface DemoFill {
  /** The DynamoDB table being filled (`events`). */
  readonly table: string;
  /** Items written so far. */
  readonly written: number;
  /** Items it will hold when done. */
  readonly total: number;
  readonly state: 'loading' | 'done' | 'failed';
  /** Why it failed (state `failed` only). */
  readonly message?: string;
}
