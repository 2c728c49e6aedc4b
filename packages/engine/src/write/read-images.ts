import type { Host } from '../host/host';
import type { Item } from '../fetch/read-pages';
import { itemLine, parseItemLine } from '../copy/dynamodb-json';
import { quoteIdent } from '../parse/ast';
import type { HostTable } from './host-table';
import type { TableInfo } from '../plan/key-schema';
import { itemKey, keyOfRow, keyText, rememberKeys, type RowKeys } from './item-keys';
import { keyDigest } from './key-digest';

/** Items an UPDATE's or DELETE's read may hold in memory before their images move to the host. */
export const IMAGES_IN_MEMORY = 1000;

/** The host table's columns: the loaded row's ctid, the item's key (its SHA-256, key-digest.ts: one row a key), the item as read. */
export const IMAGE_COLUMNS = '"row" tid, "key" bytea unique, "image" text';

/**
 * The items an UPDATE's or DELETE's read of its target returned, by the ctid of the row each was
 * loaded into (write/item-keys.ts): what each write addresses and is conditioned on
 * (write/conditional-write.ts). The first IMAGES_IN_MEMORY are held in memory; past them, when the
 * statement can write a page at a time (`table`), every image moves to that temp table of the host,
 * in DynamoDB JSON (copy/dynamodb-json.ts: every digit, binary as base64), and the statement's rows
 * are joined to them there — memory bounded by a page, not the table.
 *   update ft set n = n + 1   (100k items)
 *   → items 1..1000 in memory; at 1001 → insert into pg_temp.<table> ("row", "key", "image")
 *     select ... from json_array_elements($1::json) ... on conflict ("key") do nothing   (each page after)
 * An item read twice (overlapping reads of one statement) keeps its first row: each item is written once.
 */
export class ReadImages {
  private readonly keys: RowKeys = new Map();
  private readonly images = new Map<string, Item>();
  /** The host table holding the images, once they moved there. */
  private hostTable: string | undefined;

  constructor(
    private readonly host: Pick<Host, 'query'>,
    private readonly info: TableInfo,
    private readonly relation: string,
    /** The host table images move to, made when first needed; none: they stay in memory. */
    private readonly table?: HostTable,
    private readonly inMemory = IMAGES_IN_MEMORY,
  ) {}

  /** Records the items just loaded into rows with these ctids (in item order); an item that has no usable key is an error. */
  async add(items: readonly Item[], ctids: readonly string[]): Promise<void> {
    // Checks the counts match, and every item's key, before anything is kept.
    rememberKeys(this.keys, items, ctids, this.info, this.relation);
    items.forEach((item, i) => this.images.set(ctids[i]!, item));
    if (!this.hostTable) {
      if (!this.table || this.keys.size <= this.inMemory) return;
      this.hostTable = await this.table.make();
    }
    const held = [...this.images];
    this.images.clear();
    for (let i = 0; i < held.length; i += 500) await this.insert(held.slice(i, i + 500));
    this.keys.clear();
  }

  /** `pg_temp.<table>` once the images are in the host, where a page's rows are joined to them by `"row"`. */
  get inHost(): string | undefined {
    return this.hostTable && `pg_temp.${quoteIdent(this.hostTable)}`;
  }

  /** The key and image of a loaded row's item (images in memory). */
  of(ctid: string | null): { key: Item; image: Item } {
    const key = keyOfRow(this.keys, ctid, this.relation);
    return { key, image: this.images.get(ctid ?? '') ?? {} };
  }

  /** An image the host table held (`image` column text) and its key. */
  fromHost(image: string): { key: Item; image: Item } {
    const item = parseItemLine(image);
    return { key: itemKey(item, this.info, this.relation), image: item };
  }

  private async insert(rows: readonly (readonly [string, Item])[]): Promise<void> {
    const json = JSON.stringify(
      rows.map(([ctid, item]) => [ctid, keyDigest(keyText(this.keys.get(ctid)!)), itemLine(item)]),
    );
    const r = await this.host.query(
      `insert into ${this.inHost!} ("row", "key", "image") select (e->>0)::tid, decode(e->>1, 'hex'), e->>2 ` +
        `from json_array_elements($1::json) as e on conflict ("key") do nothing`,
      [json],
    );
    this.table!.loaded(this.hostTable!, r.affectedRows ?? rows.length);
  }
}
