import type { ColumnDef } from '../catalog/foreign-table';
import { attributeOf } from '../catalog/column-attribute';
import type { Item } from '../fetch/read-pages';
import { itemCell } from '../load/direct-cell';
import type { TableInfo } from '../plan/key-schema';
import { writeWcu } from '../plan/write-wcu';
import type { Cell } from '../types';

/** How many before → after pairs a preview keeps. */
export const PREVIEW_SAMPLE = 20;

/** The foreign table a previewed statement writes: what its rows look like and what its writes cost. */
export interface PreviewTarget {
  readonly relation: string;
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
  readonly sample: PreviewRow[] = [];

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
    if (this.sample.length >= PREVIEW_SAMPLE) return;
    const shown = known ? target.columns.filter((c) => known.has(attributeOf(c))) : target.columns;
    const context = {
      relation: target.relation,
      keyNames: [target.info.partitionKey.name, ...(target.info.sortKey ? [target.info.sortKey.name] : [])],
    };
    const row = (item: Item | undefined) =>
      item
        ? Object.fromEntries(shown.map((c) => [c.name, itemCell(item, c, target.columns, context)]))
        : null;
    this.sample.push({ before: row(before), after: row(after) });
  }
}
