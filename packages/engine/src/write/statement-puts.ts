import { duplicateKeyError } from './duplicate-key';
import { keyText, type ItemKey } from './item-keys';

/**
 * The keys each INSERT of a statement of several writes puts — its data-modifying WITH queries and
 * the statement itself — so that two of them putting one key fail it before anything is sent, as
 * Postgres fails it on a table with that key (`23505 duplicate key value violates unique constraint`,
 * whichever runs first): DynamoDB would keep the later item and drop the earlier one silently.
 *   with a as (insert into ft values ('k', 1) returning *) insert into ft values ('k', 2)
 *   → 23505 duplicate key value violates the key of "ft", nothing written
 * An INSERT ... ON CONFLICT DO NOTHING claims nothing: whether it writes is DynamoDB's answer, taken
 * in the statement's order (WITH queries first).
 */
export class StatementPuts {
  private readonly claimed = new Map<string, object>();

  /** Claims `keys` of DynamoDB table `table` (on `server`) for `writer`; throws if another write of the statement put one. */
  claim(writer: object, server: string, table: string, relation: string, keys: readonly ItemKey[]): void {
    for (const key of keys) {
      const id = JSON.stringify([server, table, keyText(key)]);
      const other = this.claimed.get(id);
      if (other && other !== writer)
        throw duplicateKeyError(
          relation,
          `Key ${keyText(key)} is inserted by two writes of the statement (a data-modifying WITH query and another): DynamoDB would keep one item and drop the other.`,
          { hint: 'Insert each key once, or write the second in a separate statement.' },
        );
      this.claimed.set(id, writer);
    }
  }
}
