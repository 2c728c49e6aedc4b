import type { ColumnDef } from '../catalog/foreign-table';
import type { KeyAttribute } from './key-schema';

const NUMBER_TYPES = new Set(['int2', 'int4', 'int8', 'numeric']);
/** bpchar is left out: it compares without trailing spaces, DynamoDB with them. */
const TEXT_TYPES = new Set(['text', 'varchar']);

/**
 * Whether DynamoDB's order of a key attribute (N numerically, S and B bytewise) is Postgres's
 * default (btree) order of the column declared over it, so that a Query's key order may answer an
 * ORDER BY of that column:
 *   N key, `numeric` / `integer` column               → true (a typmod only rounds: ties, never inversions)
 *   S key, `text collate "C"` (or the default, when the database's is C) → true
 *   B key, `bytea` column                             → true
 *   N key, `text` column                              → false ('10' < '9' as text)
 *   S key, `text collate "unicode"`                   → false ('a' < 'B' there, 'B' < 'a' in DynamoDB)
 *   S key, `timestamp` column                         → false (the stored strings may differ in format)
 */
export function keyOrderIsColumnOrder(
  key: KeyAttribute,
  col: ColumnDef,
  defaultCollationIsC: boolean,
): boolean {
  switch (key.type) {
    case 'N':
      return NUMBER_TYPES.has(col.typname);
    case 'S': {
      const collation = col.collation === 'default' && defaultCollationIsC ? 'C' : col.collation;
      return TEXT_TYPES.has(col.typname) && (collation === 'C' || collation === 'POSIX');
    }
    case 'B':
      return col.typname === 'bytea';
  }
}
