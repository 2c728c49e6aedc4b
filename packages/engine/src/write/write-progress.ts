import { awsError } from '../dynamo/aws-error';
import { EngineError } from '../errors';
import { keyText, type ItemKey } from './item-keys';

/** How many written keys an error's detail lists. */
const LISTED_KEYS = 100;

/**
 * What a write statement has done to DynamoDB so far — rows written and their keys, and writes not
 * retried once another had failed — so that the error that stops it says so.
 */
export class WriteProgress {
  private count = 0;
  private readonly keys: string[] = [];
  private readonly cancelled: string[] = [];

  /** `held`: the statement's writes are held for COMMIT (src/txn/): none is written when it fails. */
  constructor(private readonly options: { readonly held?: boolean } = {}) {}

  get written(): number {
    return this.count;
  }

  wrote(key: ItemKey): void {
    this.count++;
    if (this.keys.length < LISTED_KEYS) this.keys.push(keyText(key));
  }

  /** A write that failed after another had stopped the statement, and was not retried: not applied, unless its answer was lost. */
  notRetried(key: ItemKey): void {
    this.cancelled.push(keyText(key));
  }

  /**
   * The error that ends the statement: `... (12 rows written before the error)`, the written keys
   * (up to 100) and the cancelled ones in its detail, after the failure's own detail.
   */
  failed(e: unknown, context: string): EngineError {
    const err = awsError(e, context);
    if (this.options.held) return err;
    const more = this.count - this.keys.length;
    const detail = [
      err.detail,
      this.count
        ? `Rows written: ${this.keys.join(', ')}${more > 0 ? ` and ${more} more` : ''}.`
        : 'No row was written.',
      this.cancelled.length
        ? `Not retried after the error (written only if its answer was lost): ${this.cancelled.slice(0, LISTED_KEYS).join(', ')}.`
        : undefined,
    ].filter((d) => d !== undefined);
    return new EngineError(err.sqlstate, `${err.message} (${this.count} rows written before the error)`, {
      detail: detail.join('\n'),
      ...(err.hint !== undefined && { hint: err.hint }),
      ...(err.position !== undefined && { position: err.position }),
      cause: e,
    });
  }
}
