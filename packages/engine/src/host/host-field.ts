import type { HostField } from './host';

/** A RowDescription field as node-postgres's (and pg-protocol's) parser gives it. */
export interface RowDescriptionField {
  readonly name: string;
  readonly dataTypeID: number;
  readonly dataTypeModifier?: number;
  readonly tableID?: number;
  readonly columnID?: number;
}

/**
 * A result column as the host described it, with the RowDescription fields the wire protocol passes on:
 *   `select price from t` (price numeric(10,2), t's 2nd column) → { name: 'price', typeId: 1700, typmod: 655366, tableId: <t's oid>, columnId: 2 }
 */
export function hostField(f: RowDescriptionField): HostField {
  return {
    name: f.name,
    typeId: f.dataTypeID,
    typmod: f.dataTypeModifier ?? -1,
    tableId: f.tableID ?? 0,
    columnId: f.columnID ?? 0,
  };
}
