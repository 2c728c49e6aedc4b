import { WriteProgress } from './write-progress';

/**
 * The sends of a statement's foreign writes when it has several — data-modifying WITH queries, and
 * the statement itself — held back until every one of them is made and checked, then sent in the
 * statement's order (`flush`). Postgres applies such a statement whole or not at all; DynamoDB has
 * no such statement outside a transaction block, but a row refused before sending (a date/time a
 * read cannot take back, an item over 400 KB, a NULL key) then fails it with nothing written:
 *   with moved as (delete from m returning *) insert into archive select ... from moved
 *   → the DELETE's items and the INSERT's items made, the INSERT's refused at a row: nothing deleted
 * A write's answer is then what it would be were every item written (an UPDATE's RETURNING lists
 * an item deleted meanwhile). One progress counts every write's rows, for the error that stops them.
 */
export class DeferredSends {
  private readonly sends: (() => Promise<void>)[] = [];
  readonly progress = new WriteProgress();

  defer(send: () => Promise<void>): void {
    this.sends.push(send);
  }

  /** Sends what was deferred, in order; a write that needs DynamoDB's answer to go on calls it before its own. */
  async flush(): Promise<void> {
    for (let send = this.sends.shift(); send; send = this.sends.shift()) await send();
  }
}
