import type { TableDescription } from '../api/wire';
import { keyColumnType } from './generate-sql';

/** A row of the designer's column list. */
export interface ColumnChoice {
  readonly attribute: string;
  readonly include: boolean;
  readonly name: string;
  readonly type: string;
  readonly notNull: boolean;
  readonly keyRole: 'partition' | 'sort' | null;
  /** DynamoDB types seen in the sample, e.g. `S`, `N/S`. */
  readonly seen: string;
  readonly frequency: number | null;
  /** The existing column this row edits (the designer changing a foreign table), if any. */
  readonly from?: string;
}

/**
 * The designer's starting columns for a table: keys first (not null, typed from the key schema),
 * then sampled attributes by frequency, included when at least `minFrequency` of items have them.
 */
export function initialColumns(desc: TableDescription, minFrequency = 0.2): ColumnChoice[] {
  const keys: ColumnChoice[] = [
    {
      attribute: desc.partitionKey.name,
      include: true,
      name: desc.partitionKey.name,
      type: keyColumnType(desc.partitionKey.type),
      notNull: true,
      keyRole: 'partition',
      seen: desc.partitionKey.type,
      frequency: 1,
    },
  ];
  if (desc.sortKey) {
    keys.push({
      attribute: desc.sortKey.name,
      include: true,
      name: desc.sortKey.name,
      type: keyColumnType(desc.sortKey.type),
      notNull: true,
      keyRole: 'sort',
      seen: desc.sortKey.type,
      frequency: 1,
    });
  }
  const keyNames = new Set(keys.map((k) => k.attribute));
  const rest = desc.attributes
    .filter((a) => !keyNames.has(a.name))
    .slice()
    .sort((a, b) => b.frequency - a.frequency || a.name.localeCompare(b.name))
    .map<ColumnChoice>((a) => ({
      attribute: a.name,
      include: a.frequency >= minFrequency,
      name: a.name,
      type: a.suggestedType,
      notNull: false,
      keyRole: null,
      seen: Object.keys(a.types).join('/'),
      frequency: a.frequency,
    }));
  return [...keys, ...rest];
}
