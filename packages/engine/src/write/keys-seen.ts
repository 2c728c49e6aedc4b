import type { Host } from '../host/host';
import { quoteIdent } from '../parse/ast';
import type { HostTable } from './host-table';
import { keyDigest } from './key-digest';

/** Keys an INSERT's check may hold in memory before they move to the host (~1.5 MiB of them). */
export const KEYS_IN_MEMORY = 10_000;

/** The host table's column: each key's SHA-256 (key-digest.ts). */
export const SEEN_KEY_COLUMNS = '"key" bytea primary key';

/**
 * The keys of the rows an INSERT puts, seen in order, so that a key put twice fails it (23505) before
 * anything is sent: DynamoDB would keep the second item and drop the first. The first KEYS_IN_MEMORY
 * are held in memory; past them, when the INSERT checks a page at a time (`table`), they move to that
 * temp table of the host, and each page's keys are looked up and added there in one statement —
 * memory bounded by a page, not the table.
 *   insert into ft select * from big   (1M rows)
 *   → keys 1..10,000 in memory; then, each page: with page (k, n) as (... unnest($1::text[]) ...),
 *     added as (insert into pg_temp.<table> ... on conflict do nothing returning "key")
 *     select min(n) from page where k not in added   → the first key an earlier row had, if any
 * Which repeat is reported does not depend on where the keys are: the first row, in order, whose key
 * an earlier row had.
 */
export class KeysSeen {
  private readonly memory = new Set<string>();
  /** The host table holding the keys, once they moved there. */
  private hostTable: string | undefined;

  constructor(
    private readonly host: Pick<Host, 'query'>,
    /** The host table keys move to, made when first needed; none: they stay in memory. */
    private readonly table?: HostTable,
    private readonly inMemory = KEYS_IN_MEMORY,
  ) {}

  /** Records a page of rows' keys (equal keys as equal text), in order: the index of the first an earlier row had, or -1. */
  async firstRepeat(keys: readonly string[]): Promise<number> {
    if (this.hostTable) return this.firstRepeatInHost(keys);
    for (let i = 0; i < keys.length; i++) {
      if (this.memory.has(keys[i]!)) return i;
      this.memory.add(keys[i]!);
    }
    if (this.table && this.memory.size > this.inMemory) {
      this.hostTable = await this.table.make();
      const held = [...this.memory];
      this.memory.clear();
      for (let i = 0; i < held.length; i += 1000) await this.lookUpAndAdd(held.slice(i, i + 1000));
    }
    return -1;
  }

  /** `pg_temp.<table>` once the keys are in the host. */
  get inHost(): string | undefined {
    return this.hostTable && `pg_temp.${quoteIdent(this.hostTable)}`;
  }

  private async firstRepeatInHost(keys: readonly string[]): Promise<number> {
    // The page's own first repeat; the keys before it are distinct, and one of them may be an earlier page's.
    const page = new Set<string>();
    let repeat = keys.length;
    for (let i = 0; i < keys.length && repeat === keys.length; i++) {
      if (page.has(keys[i]!)) repeat = i;
      else page.add(keys[i]!);
    }
    const earlier = await this.lookUpAndAdd(keys.slice(0, repeat));
    return earlier >= 0 ? earlier : repeat < keys.length ? repeat : -1;
  }

  /** Adds distinct keys to the host table: the index of the first it held already, or -1. */
  private async lookUpAndAdd(keys: readonly string[]): Promise<number> {
    if (!keys.length) return -1;
    const digests = keys.map(keyDigest);
    const r = await this.host.query(
      `with page (k, n) as (select decode(h, 'hex'), n from unnest($1::text[]) with ordinality as u (h, n)),` +
        ` added as (insert into ${this.inHost!} ("key") select k from page on conflict ("key") do nothing returning "key")` +
        ` select min(n)::int from page where k not in (select "key" from added)`,
      [digests],
    );
    // As many rows as keys at most (those an earlier page had are not added).
    this.table!.loaded(this.hostTable!, keys.length);
    const first = r.rows[0]?.[0];
    return first === null || first === undefined ? -1 : Number(first) - 1;
  }
}
