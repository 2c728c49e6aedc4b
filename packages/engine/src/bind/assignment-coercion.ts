import { as } from '../parse/ast';

/** Type oids a constant's type is told by (pg_type.dat). */
export const TYPE = { bool: 16, int8: 20, int4: 23, unknown: 705, bit: 1560, numeric: 1700 } as const;
const RECORD = 2249;
const RECORD_ARRAY = 2287;
const INT2VECTOR = 22;
const OIDVECTOR = 30;

/**
 * The type Postgres gives a constant as it parses it (make_const), without asking the host; null for
 * anything else (its type is the host's to tell):
 *   `1` → int4, `2147483648` → int8, `1.5` → numeric, `true` → bool, `'a'` and `null` → unknown.
 */
export function literalType(node: unknown): number | null {
  const c = as(node, 'A_Const');
  if (!c) return null;
  if (c.isnull || c.sval) return TYPE.unknown;
  if (c.ival) return TYPE.int4;
  if (c.boolval) return TYPE.bool;
  if (c.bsval) return TYPE.bit;
  const text = c.fval?.fval ?? '';
  // An integer too wide for int4 is int8, then numeric; a decimal or exponent is numeric. Other
  // spellings (`0x7fff_ffff_f`: a later parser's) are the host's to type.
  if (/^-?\d+$/.test(text)) {
    const n = BigInt(text);
    return n >= -(2n ** 31n) && n < 2n ** 31n
      ? TYPE.int4
      : n >= -(2n ** 63n) && n < 2n ** 63n
        ? TYPE.int8
        : TYPE.numeric;
  }
  return /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text) ? TYPE.numeric : null;
}

/** What the coercion rules read of a type in pg_type. */
export interface TypeFacts {
  /** A domain's base type (typbasetype); 0 for any other type. */
  readonly domainBase: number;
  /** typcategory ('S': string types). */
  readonly category: string;
  /** A true array's element type (typelem with array_subscript_handler); 0 otherwise. */
  readonly element: number;
  /** A composite type (typrelid set). */
  readonly composite: boolean;
  /** A pseudo-type (typtype 'p'). */
  readonly pseudo: boolean;
  /** A table's row type: those of the tables it inherits from, and the composite type it is OF. */
  readonly supertypes: readonly number[];
}

/** The catalog as the coercion rules read it: types by oid, pg_cast's castcontext by `source>target`. */
export interface CoercionCatalog {
  readonly types: ReadonlyMap<number, TypeFacts>;
  readonly casts: ReadonlyMap<string, string>;
}

/**
 * Whether an expression of type `source` is coerced to `target` as Postgres coerces an assigned
 * value (can_coerce_type with COERCION_ASSIGNMENT: an INSERT's values, an EXECUTE's arguments):
 *   int4 → int8, numeric → int4, int8 → int4 (assignment casts), anything → text (I/O to a string
 *   type), int4[] → int8[] (element by element), a domain → its base: true;
 *   bool → int4, text → int4, text → an enum (explicit casts only, or none): false.
 *   a row (`row(1, 'a')`) to a composite type, a child table's row to its parent's: true.
 * A type the catalog does not tell (dropped meanwhile) is let through: the explicit cast EXECUTE
 * binds with reports it.
 */
export function assignable(source: number, target: number, catalog: CoercionCatalog): boolean {
  if (source === target || source === TYPE.unknown) return true;
  const s = catalog.types.get(source);
  const t = catalog.types.get(target);
  if (!s || !t || t.pseudo) return true;
  if (pathway(source, target, catalog)) return true;
  if (source === RECORD && composite(target, catalog)) return true;
  if (source === RECORD_ARRAY && t.element && composite(t.element, catalog)) return true;
  // typeInheritsFrom, typeIsOfTypedTable: the source's row type (through a domain) is the target's.
  const row = base(source, catalog);
  return row !== null && catalog.types.get(row)!.supertypes.includes(target);
}

/** find_coercion_pathway(target, source, COERCION_ASSIGNMENT) finds one: a domain, a cast, an array's elements, I/O to text. */
function pathway(source: number, target: number, catalog: CoercionCatalog): boolean {
  const s = base(source, catalog);
  const t = base(target, catalog);
  if (s === null || t === null) return true;
  if (s === t) return true;
  const context = catalog.casts.get(`${s}>${t}`);
  if (context !== undefined) return context === 'i' || context === 'a';
  const sf = catalog.types.get(s)!;
  const tf = catalog.types.get(t)!;
  if (
    t !== OIDVECTOR &&
    t !== INT2VECTOR &&
    tf.element &&
    sf.element &&
    pathway(sf.element, tf.element, catalog)
  )
    return true;
  return tf.category === 'S';
}

/** getBaseType: a domain's base (through domains over domains); null when the catalog does not tell. */
function base(oid: number, catalog: CoercionCatalog): number | null {
  for (let seen = 0; seen < 64; seen++) {
    const facts = catalog.types.get(oid);
    if (!facts) return null;
    if (!facts.domainBase) return oid;
    oid = facts.domainBase;
  }
  return null;
}

/** ISCOMPLEX: a composite type, or a domain over one. */
function composite(oid: number, catalog: CoercionCatalog): boolean {
  const b = base(oid, catalog);
  return b !== null && catalog.types.get(b)!.composite;
}
