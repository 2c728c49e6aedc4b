import type { ColumnDef } from '../catalog/foreign-table';
import { attributeOf } from '../catalog/column-attribute';
import type { Item } from '../fetch/read-pages';
import type { Host } from '../host/host';
import { itemsToRowsJson } from '../load/coerce';
import { jsonRowsSelect } from '../load/json-rows-sql';
import type { TableInfo } from '../plan/key-schema';
import { writeWcu } from '../plan/write-wcu';
import { toCells } from '../run/cells';
import type { Cell } from '../types';

/** How many before → after pairs a preview keeps. */
export const PREVIEW_SAMPLE = 20;

/** The foreign table a previewed statement writes: what its rows look like and what its writes cost. */
export interface PreviewTarget {
  readonly relation: string;
  /** The foreign table's row type, quoted (`"public"."t"`): the sample's rows are read as it. */
  readonly rowType: string;
  readonly columns: readonly ColumnDef[];
  readonly info: TableInfo;
}

/** A previewed row: its columns before and after the write (null: no such item on that side). */
export interface PreviewRow {
  readonly before: Readonly<Record<string, Cell>> | null;
  readonly after: Readonly<Record<string, Cell>> | null;
}

/**
 * What a write statement would do, recorded instead of written (preview/preview-sink.ts): how many
 * items it changes, the first 20 as before → after rows, and the write capacity (plan/write-wcu.ts:
 * the table and every secondary index whose entry changes; twice that in a transaction block, as
 * TransactWriteItems bills). A row shows the columns the statement read or wrote (an INSERT's: all).
 */
export class WritePreview {
  rows = 0;
  wcu = 0;
  /** RCU of looking up the items an INSERT would replace (beside the plan's reads). */
  lookupRcu = 0;
  /** The first items changed, before and after, with the columns to show: rendered by sampleRows. */
  private readonly sampled: {
    readonly target: PreviewTarget;
    readonly before: Item | undefined;
    readonly after: Item | undefined;
    readonly shown: readonly ColumnDef[];
  }[] = [];

  /** `atomic`: the session is inside a transaction block (the write would be held for COMMIT). */
  constructor(readonly atomic: boolean) {}

  /** One item's change; `known`: the attributes the statement read or wrote (undefined: all of them). */
  record(
    target: PreviewTarget,
    before: Item | undefined,
    after: Item | undefined,
    known?: ReadonlySet<string>,
  ): void {
    this.rows++;
    this.wcu += writeWcu(before, after, target.info) * (this.atomic ? 2 : 1);
    if (this.sampled.length >= PREVIEW_SAMPLE) return;
    const shown = known ? target.columns.filter((c) => known.has(attributeOf(c))) : target.columns;
    this.sampled.push({ target, before, after, shown });
  }

  /**
   * The sample as the host outputs its rows under the session's settings (the HTTP contract's
   * cells): each item read as the foreign table's row type, as a load reads it (load/json-rows-sql.ts).
   */
  async sampleRows(host: Host): Promise<PreviewRow[]> {
    const rendered: PreviewRow[] = [];
    for (const { target, before, after, shown } of this.sampled) {
      if (!shown.length) {
        rendered.push({ before: before ? {} : null, after: after ? {} : null });
        continue;
      }
      const items = [before, after].filter((i): i is Item => i !== undefined);
      const context = {
        relation: target.relation,
        keyNames: [target.info.partitionKey.name, ...(target.info.sortKey ? [target.info.sortKey.name] : [])],
      };
      const { json, jsonbNull } = itemsToRowsJson(items, target.columns, context);
      const r = await host.query(jsonRowsSelect(target.rowType, shown, jsonbNull), [json]);
      const rows = toCells(
        r.rows,
        r.fields.map((f) => f.typeId),
      ).map((cells) => Object.fromEntries(shown.map((c, i) => [c.name, cells[i]!])));
      rendered.push({
        before: before ? rows[0]! : null,
        after: after ? rows[before ? 1 : 0]! : null,
      });
    }
    return rendered;
  }
}
