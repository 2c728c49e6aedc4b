import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser, parseOne } from '../parse/parse';
import { assignable, literalType, TYPE, type CoercionCatalog, type TypeFacts } from './assignment-coercion';

const args = (execute: string) =>
  (parseOne(execute) as { ExecuteStmt: { params: unknown[] } }).ExecuteStmt.params;

describe('literalType', () => {
  beforeAll(loadParser);

  it('types a constant as Postgres parses it (make_const); anything else is the host’s to type', () => {
    const typed = args(
      "execute q(1, 0, -1, 2147483648, -2147483648, 9223372036854775808, 1.5, 1e5, true, false, 'a', '', null, b'101', now(), 1 + 1, '1'::int)",
    ).map(literalType);
    const { int4, int8, numeric, bool, unknown, bit } = TYPE;
    expect(typed).toEqual([
      int4,
      int4,
      int4,
      int8,
      int4,
      numeric,
      numeric,
      numeric,
      bool,
      bool,
      unknown,
      unknown,
      unknown,
      bit,
      null,
      null,
      null,
    ]);
  });
});

describe('assignable', () => {
  // A catalog of a few types as pg_type and pg_cast have them (oids of PostgreSQL's own).
  const type = (facts: Partial<TypeFacts>): TypeFacts => ({
    domainBase: 0,
    category: 'U',
    element: 0,
    composite: false,
    pseudo: false,
    supertypes: [],
    ...facts,
  });
  const [BOOL, INT8, INT4, TEXT, VARCHAR, NUMERIC, INT4_ARRAY, INT8_ARRAY, BOOL_ARRAY, RECORD] = [
    16, 20, 23, 25, 1043, 1700, 1007, 1016, 1000, 2249,
  ];
  const [MOOD, POSITIVE, CHILD, PARENT, PAIR] = [16400, 16401, 16402, 16403, 16404];
  const catalog: CoercionCatalog = {
    types: new Map([
      [BOOL, type({ category: 'B' })],
      [INT8, type({ category: 'N' })],
      [INT4, type({ category: 'N' })],
      [NUMERIC, type({ category: 'N' })],
      [TEXT, type({ category: 'S' })],
      [VARCHAR, type({ category: 'S' })],
      [INT4_ARRAY, type({ category: 'A', element: INT4 })],
      [INT8_ARRAY, type({ category: 'A', element: INT8 })],
      [BOOL_ARRAY, type({ category: 'A', element: BOOL })],
      [RECORD, type({ category: 'P', pseudo: true })],
      [MOOD, type({ category: 'E' })],
      [POSITIVE, type({ category: 'N', domainBase: INT4 })],
      [CHILD, type({ category: 'C', composite: true, supertypes: [PARENT] })],
      [PARENT, type({ category: 'C', composite: true })],
      [PAIR, type({ category: 'C', composite: true })],
    ]),
    casts: new Map([
      [`${INT4}>${INT8}`, 'i'],
      [`${INT8}>${INT4}`, 'a'],
      [`${NUMERIC}>${INT4}`, 'a'],
      [`${BOOL}>${INT4}`, 'e'],
      [`${INT4}>${BOOL}`, 'e'],
      [`${TEXT}>${VARCHAR}`, 'i'],
      [`${BOOL}>${TEXT}`, 'a'],
    ]),
  };

  it.each([
    ['int4 → int8 (implicit cast)', INT4, INT8, true],
    ['int8 → int4, numeric → int4 (assignment casts)', INT8, INT4, true],
    ['numeric → int4', NUMERIC, INT4, true],
    ['bool → int4 (explicit only)', BOOL, INT4, false],
    ['text → varchar', TEXT, VARCHAR, true],
    ['int4 → text (no cast: I/O to a string type)', INT4, TEXT, true],
    ['text → int4 (I/O from a string type is explicit)', TEXT, INT4, false],
    ['text → an enum', TEXT, MOOD, false],
    ['an untyped literal → anything', TYPE.unknown, MOOD, true],
    ['a domain → its base, and back', POSITIVE, INT4, true],
    ['int4 → a domain over it', INT4, POSITIVE, true],
    ['int8 → a domain over int4 (through the base’s cast)', INT8, POSITIVE, true],
    ['int4[] → int8[] (element by element)', INT4_ARRAY, INT8_ARRAY, true],
    ['bool[] → int4[] (nor element by element)', BOOL_ARRAY, INT4_ARRAY, false],
    ['a row → a composite type', RECORD, PAIR, true],
    ['a child table’s row → its parent’s', CHILD, PARENT, true],
    ['a parent table’s row → its child’s', PARENT, CHILD, false],
    ['one composite type → another', PAIR, PARENT, false],
    ['a type the catalog does not tell (the explicit cast reports it)', 99999, INT4, true],
  ])('%s', (_case, source, target, expected) => {
    expect(assignable(source, target, catalog)).toBe(expected);
  });
});
