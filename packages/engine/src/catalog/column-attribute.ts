/**
 * The column option `attribute` (issue 17): a foreign table's column reads and writes the DynamoDB
 * attribute of its name, or the one the option names.
 *
 *   create foreign table t (customer text options (attribute 'cid'), total numeric) server s options (table 'orders')
 *   select customer from t where customer = 'c1'  →  Query { KeyConditionExpression: '#n0 = :v0', ExpressionAttributeNames: { '#n0': 'cid' } }
 */

interface Column {
  readonly name: string;
  readonly attribute?: string;
}

/** The attribute a column reads and writes: `customer options (attribute 'cid')` → `cid`; `total` → `total`. */
export function attributeOf(col: Pick<Column, 'name' | 'attribute'>): string {
  return col.attribute ?? col.name;
}

/** The declared column that reads an attribute, or undefined (the attribute is the catch-all's). */
export function columnOfAttribute<C extends Pick<Column, 'name' | 'attribute'>>(
  columns: readonly C[],
  attribute: string,
): C | undefined {
  return columns.find((c) => attributeOf(c) === attribute);
}

/**
 * A column name → its attribute, for names that may not be declared columns (then unchanged):
 * what predicates, projections and key lookups use to speak DynamoDB's names.
 */
export function attributeOfName(
  columns: readonly Pick<Column, 'name' | 'attribute'>[],
  name: string,
): string {
  const col = columns.find((c) => c.name === name);
  return col ? attributeOf(col) : name;
}
