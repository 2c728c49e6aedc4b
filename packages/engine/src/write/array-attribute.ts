import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { EngineError, SqlState } from '../errors';

const ELEMENT = 'dynascope_el';

/**
 * The SQL that reads an array as the text its DynamoDB list is built from: its dimensions and its
 * elements (in storage order, each read by `element` as a scalar of its type is) as one JSON array.
 *   '{{1,2},{3,NULL}}'::int4[] → '["[1:2][1:2]", ["1","2","3",null]]';  '{}' → '[null, []]'
 */
export function arrayTextSql(expr: string, element: (e: string) => string): string {
  const e = `${ELEMENT}.e`;
  return (
    `case when ${expr} is null then null else json_build_array(array_dims(${expr}), ` +
    `array(select ${element(e)} from unnest(${expr}) with ordinality as ${ELEMENT}(e, o) order by ${ELEMENT}.o))::text end`
  );
}

/**
 * An array's write text (arrayTextSql) → a DynamoDB list, one level per dimension, each element
 * written by `element` (a NULL element is NULL). The lower bounds are not kept: a list starts at 1,
 * as Postgres's own `to_json` of an array.
 *   '["[1:2][1:2]", ["1","2","3",null]]' → { L: [{ L: [{ N: '1' }, { N: '2' }] }, { L: [{ N: '3' }, { NULL: true }] }] }
 */
export function arrayAttribute(
  text: string,
  element: (text: string) => AttributeValue | null,
): AttributeValue {
  const [dims, elements] = JSON.parse(text) as [string | null, (string | null)[]];
  const lengths = [...(dims ?? '').matchAll(/\[(-?\d+):(-?\d+)\]/g)].map(
    (m) => Number(m[2]) - Number(m[1]) + 1,
  );
  if (lengths.reduce((a, b) => a * b, lengths.length ? 1 : 0) !== elements.length)
    throw new EngineError(
      SqlState.internalError,
      `array dimensions ${dims} do not match its ${elements.length} elements`,
    );
  let next = 0;
  const list = (level: number): AttributeValue => {
    if (level === lengths.length) {
      const text = elements[next++] ?? null;
      return (text === null ? null : element(text)) ?? { NULL: true };
    }
    return { L: Array.from({ length: lengths[level]! }, () => list(level + 1)) };
  };
  return lengths.length ? list(0) : { L: [] };
}
