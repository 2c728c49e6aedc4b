import { lit, mulberry32, type TableSpec } from './differential-data';
import { KINDS, kindOf, valueLiteral, type Kind } from './column-kinds';

/**
 * A seeded generator of SELECT statements over one differential table (random-differential.test.ts):
 * WHERE trees over key and other columns, projections, ORDER BY / LIMIT / OFFSET / WITH TIES,
 * aggregates with GROUP BY (grouping sets too) and HAVING, DISTINCT [ON], and statements the engine
 * reads the table for more than once or hands the host whole: the table joined with itself, set
 * operations, subqueries, CTEs, window functions. Each statement says how its two answers (`{s}` =
 * `dynamodb` and `local`) are compared, so that only what Postgres itself decides is compared:
 *   randomSelects(ds, 7, 2)[0] → { sql: `select id, age from {s}.ds where age > 42 order by age desc, id limit 5`,
 *                                  check: { kind: 'ordered' }, floatColumns: [] }
 */

/** One generated statement; `{s}` is the schema (`dynamodb` or `local`). */
export interface RandomSelect {
  readonly sql: string;
  readonly check: Check;
  /**
   * Output columns holding a sum or average of floats (double precision or real): Postgres adds the
   * values in the order it reads them, so the last bits depend on that order (its own nondeterminism,
   * not the engine's); they are compared rounded — to 1e-6 relative, a real's sum holding some 7
   * significant digits — and every other column exactly.
   */
  readonly floatColumns: readonly number[];
}

/**
 * How the rows of the two answers must agree:
 * - `multiset`: the same rows, in any order (no ORDER BY, no LIMIT/OFFSET);
 * - `ordered`: the same rows in the same order (the ORDER BY is total: it ends with the key columns,
 *   or orders every output column of distinct rows, or every group column of groups);
 * - `groups`: an ORDER BY that is not total, of output columns `keys`: rows come in runs of equal keys;
 *   the runs' keys and sizes must agree, and each run's rows as a multiset — except a run the
 *   LIMIT/OFFSET may cut (`cutFirst` under an OFFSET, `cutLast` under a LIMIT without WITH TIES), of
 *   which Postgres keeps rows of its choice: they must be rows of that run in `base`, the statement
 *   without LIMIT/OFFSET;
 * - `subset`: LIMIT/OFFSET without ORDER BY: as many rows as `base` has past `offset`, up to `limit`,
 *   each a row of `base`'s answer.
 */
export type Check =
  | { readonly kind: 'multiset' }
  | { readonly kind: 'ordered' }
  | {
      readonly kind: 'groups';
      readonly keys: readonly number[];
      readonly cutFirst: boolean;
      readonly cutLast: boolean;
      readonly base: string;
    }
  | {
      readonly kind: 'subset';
      readonly base: string;
      readonly limit: number | null;
      readonly offset: number;
    };

const CMP = ['=', '<>', '<', '<=', '>', '>='];

/** Random choices from one seed. */
class Dice {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  /** `n` distinct elements (fewer if there are fewer), in random order. */
  some<T>(xs: readonly T[], n: number): T[] {
    const pool = [...xs];
    const out: T[] = [];
    while (out.length < n && pool.length) out.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0]!);
    return out;
  }
}

/** Reserved words a column of the differential tables is named. */
const RESERVED = new Set(['select', 'order', 'group', 'from', 'where', 'user', 'table', 'limit']);

/** A column name as SQL writes it. */
const quoted = (name: string) =>
  /^[a-z_][a-z0-9_]*$/.test(name) && !RESERVED.has(name) ? name : `"${name.replace(/"/g, '""')}"`;

/** A SQL text literal's value. */
const unquote = (literal: string) => literal.slice(1, -1).replace(/''/g, "'");

/** A column of the table as the generator sees it. */
interface Column {
  /** As written in SQL (quoted where needed). */
  readonly sql: string;
  readonly name: string;
  readonly kind: Kind;
  /** The values the items hold, as SQL literals. */
  readonly values: readonly string[];
  /** Declared with a COLLATE. */
  readonly collated: boolean;
}

/** One select-list item. */
interface Output {
  readonly sql: string;
  /** The kind of its value; null: none the generator orders or groups by. */
  readonly kind: Kind | null;
  readonly column: boolean;
  /** Its output column is named after a column (a cast): ORDER BY that name would be ambiguous. */
  readonly named?: boolean;
  /** A sum or average of floats (see RandomSelect.floatColumns). */
  readonly float?: boolean;
}

/** `count` statements over `spec`'s table from `seed`, the same for the same arguments. */
export function randomSelects(spec: TableSpec, seed: number, count: number): RandomSelect[] {
  const d = new Dice(seed);
  // Each statement names the table and its columns one way: plain, through an alias, or schema-qualified.
  let table = `{s}.${spec.local}`;
  let qualifier = '';
  const columns: Column[] = [];
  for (const [name, type] of spec.columns) {
    const kind = kindOf(type);
    if (!kind) continue;
    const values = [
      ...new Set(
        spec.items.map((it) => it[name] && valueLiteral(it[name], kind)).filter((v): v is string => !!v),
      ),
    ];
    columns.push({
      get sql() {
        return qualifier + quoted(name);
      },
      name,
      kind,
      values,
      collated: / collate /.test(type),
    });
  }
  const keyNames = [spec.pk.name, ...(spec.sk ? [spec.sk.name] : [])];
  const col = (name: string) => columns.find((c) => c.name === name)!;
  const info = (c: Column) => KINDS[c.kind];
  const scalar = columns.filter((c) => info(c).family !== 'json' && info(c).family !== 'array');
  const others = columns.filter((c) => !scalar.includes(c));

  // ---- constants ------------------------------------------------------------------------------

  /**
   * A constant to compare with `c`: mostly a value the items hold, sometimes an edge, cast or not,
   * now and then an expression of constants Postgres folds (`(42 + 0)`, `lower('Ann')`).
   */
  function constant(c: Column, opts: { bad?: boolean; cast?: boolean } = {}): string {
    const bad = info(c).bad;
    if (opts.bad !== false && bad && d.chance(0.015)) return d.pick(bad);
    const v = c.values.length && d.chance(0.7) ? d.pick(c.values) : d.pick(info(c).edges);
    if (opts.cast === false) return v;
    return d.chance(0.15) ? cast(c, v) : d.chance(0.08) ? folded(c, v) : v;
  }

  /** The constant `v` inside an expression of constants (which the engine may have the host fold). */
  function folded(c: Column, v: string): string {
    switch (c.kind) {
      case 'int2':
      case 'int4':
      case 'int8':
      case 'numeric':
        return d.pick([`(${v} + 0)`, `(0 + ${v})`, `(${v} * 1)`, `(${v}::numeric + 0.0)`]);
      case 'date':
        return `(${v}::date + 0)`;
      case 'timestamp':
        return `(${v}::timestamp + interval '1 hour')`;
      case 'timestamptz':
        return `(${v}::timestamptz + interval '0 seconds')`;
      case 'bool':
        return `(${v}::boolean and true)`;
      case 'uuid':
        return `${v}::text::uuid`;
      default:
        return info(c).family === 'text'
          ? d.pick([
              `concat(${v}, '')`,
              `lower(${v})`,
              `trim(${v})`,
              `left(${v}, 3)`,
              `repeat(${v}, 2)`,
              `(${v} || 'x')`,
            ])
          : v;
    }
  }

  /**
   * A constant to compare `c` with by <, <=, >, >= or BETWEEN. KNOWN (dynalite only): dynalite orders
   * strings by UTF-16 code units, DynamoDB (and Postgres's C collation) by UTF-8 bytes, so a character
   * from U+E000 to U+FFFF sorts after an astral one there ('Ａ' > '😀'): `name > 'Ａ'` misses the emoji
   * names on dynalite. Constants that would compare such characters with the column's values are not
   * generated.
   */
  function rangeConstant(c: Column, opts: { bad?: boolean } = {}): string {
    const high = /[\uE000-\uFFFF]/;
    const astral = /[\u{10000}-\u{10FFFF}]/u;
    // KNOWN: (dynalite) text ranges between U+E000–U+FFFF and astral characters compare in UTF-16 order.
    const misordered = (v: string) =>
      info(c).family === 'text' &&
      ((high.test(v) && c.values.some((x) => astral.test(x))) ||
        (astral.test(v) && c.values.some((x) => high.test(x))));
    for (let i = 0; i < 20; i++) {
      const v = constant(c, opts);
      if (!misordered(v)) return v;
    }
    return `'p'`;
  }

  /** The constant `v` for column `c`, written with a cast (in parentheses where a bare one would not parse). */
  function cast(c: Column, v: string): string {
    if (/::|\(/.test(v)) return v;
    switch (info(c).family) {
      case 'text': {
        const s = v.startsWith("'") ? unquote(v) : v;
        const n = Array.from(s).length;
        return d.pick([
          `${v}::text`,
          `${v}::varchar`,
          `cast(${v} as character varying(${n + 1}))`,
          `(${v} collate "C")`,
          `(${v} || '')`,
          // A name (collation C) beside a column of another collation fails (42P22) only as rows are
          // compared: whether it fails is Postgres's choice of which condition to evaluate first.
          c.collated ? `${v}::text` : `${v}::name`,
          `${v}::char(${n + 2})`,
          `${v}::char(${Math.max(1, n - 1)})`,
        ]);
      }
      case 'number':
        // An integer cast of a long number is an error (22003) which says nothing more each time.
        if (v.replace(/\D/g, '').length > 9)
          return d.pick([`${v}::numeric`, `${v}::float8`, `${v}::text::numeric`]);
        return d.pick([
          `${v}::int`,
          `${v}::bigint`,
          `${v}::smallint`,
          `${v}::numeric`,
          `${v}::numeric(40, 2)`,
          `${v}::float8`,
          `${v}::real`,
          `${v}::text::numeric`,
          `cast(${v} as integer)`,
        ]);
      case 'bool':
        return `${v}::boolean`;
      case 'time':
        return d.pick([`${v}::date`, `${v}::timestamp`, `${v}::timestamptz`]);
      case 'uuid':
        return `${v}::uuid`;
      default:
        return v;
    }
  }

  /** A LIKE pattern built from one of the column's values: a prefix and wildcards. */
  function likePattern(c: Column): string {
    const s = c.values.length ? unquote(d.pick(c.values)) : d.pick(['a', 'p', 'é']);
    const chars = Array.from(s);
    const prefix = chars.slice(0, d.int(0, Math.min(4, chars.length))).join('');
    const escaped = d.chance(0.8) ? prefix.replace(/[\\%_]/g, '\\$&') : prefix;
    return lit(
      d.pick([
        escaped + '%',
        escaped + '%',
        escaped + '_%',
        escaped,
        '%' +
          chars
            .slice(-2)
            .join('')
            .replace(/[\\%_]/g, '\\$&') +
          '%',
        escaped + '%' + (chars.at(-1) ?? '') + '%',
        '_' + Array.from(escaped).slice(1).join('') + '%',
        s.replace(/[\\%_]/g, '\\$&'),
      ]),
    );
  }

  /**
   * A LIKE pattern with an ESCAPE clause of its own: a value's prefix, its `!`, `%` and `_` escaped
   * by `!`, then a wildcard — `name like 'a!%b%' escape '!'`; now and then `escape ''` (no escape).
   */
  function escapedPattern(c: Column): string {
    const s = c.values.length ? unquote(d.pick(c.values)) : d.pick(['a%b', 'p_1', 'x!']);
    const prefix = Array.from(s).slice(0, d.int(1, 5)).join('');
    if (d.chance(0.15)) return `${lit(prefix + '%')} escape ''`;
    return `${lit(prefix.replace(/[!%_]/g, '!$&') + d.pick(['%', '', '_%', '!%%']))} escape '!'`;
  }

  /** An array literal of the column's constants: `'{a,"b c"}'`, now and then with a NULL. */
  function arrayLiteral(c: Column, n: number): string {
    const edges = info(c).edges.filter((e) => !/::/.test(e));
    const elements = Array.from({ length: n }, () => {
      if (d.chance(0.05)) return 'NULL';
      const v = c.values.length && d.chance(0.8) ? d.pick(c.values) : d.pick(edges);
      const text = v.startsWith("'") ? unquote(v) : v;
      return '"' + text.replace(/["\\]/g, '\\$&') + '"';
    });
    return lit('{' + elements.join(',') + '}');
  }

  // ---- WHERE ----------------------------------------------------------------------------------

  /** A comparison of a column with constants: what the engine may push to DynamoDB. */
  function simpleLeaf(c: Column): string {
    const n = c.sql;
    const family = info(c).family;
    if (family === 'bool')
      return d.pick([
        n,
        `not ${n}`,
        `${n} = ${constant(c)}`,
        `${n} <> ${constant(c)}`,
        `${n} is true`,
        `${n} is not true`,
        `${n} is false`,
        `${n} is not false`,
        `${n} is unknown`,
        `${n} is distinct from ${constant(c)}`,
        `${n} is null`,
        `(${n} or ${n} is null)`,
        `(${n} or not ${n})`,
        `(${n} = true or ${n} = false)`,
      ]);
    if (family === 'array' || family === 'json') return otherLeaf(c);
    const roll = d.int(0, 99);
    if (roll < 35) {
      const op = d.pick(CMP);
      return d.chance(0.2) ? `${rangeConstant(c)} ${op} ${n}` : `${n} ${op} ${rangeConstant(c)}`;
    }
    if (roll < 45) {
      const [a, b] = [rangeConstant(c), rangeConstant(c)];
      return `${n} ${d.pick(['', 'not '])}between ${d.pick(['', 'symmetric '])}${a} and ${b}`;
    }
    if (roll < 57) {
      const list = Array.from({ length: d.int(1, 5) }, () => constant(c));
      if (d.chance(0.1)) list.push('null');
      return `${n} ${d.chance(0.2) ? 'not ' : ''}in (${list.join(', ')})`;
    }
    if (roll < 64 && family !== 'bytea')
      return `${n} ${d.pick(['= any', '= any', '<> all', '< any', '>= all'])}(${arrayLiteral(c, d.int(1, 4))})`;
    if (roll < 72) return `${n} is ${d.pick(['', 'not '])}null`;
    if (roll < 79)
      return `${n} is ${d.pick(['', 'not '])}distinct from ${d.chance(0.1) ? 'null' : constant(c)}`;
    if (roll < 84)
      return Array.from({ length: d.int(2, 3) }, () => `${n} = ${constant(c, { bad: false })}`).join(' or ');
    if (family === 'text') {
      if (roll < 91)
        return `${n} ${d.pick(['like', 'like', 'ilike', 'not like', 'not ilike'])} ${likePattern(c)}`;
      if (roll < 94) return `${n} ${d.pick(['like', 'not like', 'ilike'])} ${escapedPattern(c)}`;
      return d.pick([
        `${n} ^@ ${lit(unquote(likePattern(c)).replace(/[%_\\].*$/, ''))}`,
        `starts_with(${n}, ${constant(c, { bad: false, cast: false })})`,
      ]);
    }
    return `${n} ${d.pick(CMP)} ${rangeConstant(c)}`;
  }

  /** A condition the engine may well leave to the host: functions, arithmetic, JSON and array operators. */
  function complexLeaf(): string {
    if (d.chance(0.12)) return d.chance(0.5) ? columnsCompared() : rowComparison();
    const c = others.length && d.chance(0.3) ? d.pick(others) : d.pick(scalar);
    const n = c.sql;
    switch (info(c).family) {
      case 'text':
        return d.pick([
          `lower(${n}) = lower(${constant(c, { bad: false, cast: false })})`,
          `length(${n}) ${d.pick(CMP)} ${d.int(0, 12)}`,
          `${n} || 'x' ${d.pick(CMP)} ${constant(c, { bad: false })}`,
          `coalesce(${n}, '') = ''`,
          `${n} collate "C" ${d.pick(CMP)} ${constant(c, { bad: false, cast: false })}`,
          `${n} collate "unicode" ${d.pick(CMP)} ${constant(c, { bad: false, cast: false })}`,
          `${n} ~ ${lit(
            '^' +
              unquote(likePattern(c))
                .replace(/[%_\\]/g, '')
                .slice(0, 2),
          )}`,
          `upper(${n}) like ${likePattern(c)}`,
          `${n}::text = ${constant(c, { bad: false, cast: false })}`,
        ]);
      case 'number':
        return d.pick([
          `${n} + 1 ${d.pick(CMP)} ${constant(c, { bad: false })}`,
          info(c).float ? `${n} * 2 > ${constant(c, { bad: false })}` : `${n} % 3 = ${d.int(-2, 2)}`,
          `abs(${n}) ${d.pick(CMP)} ${constant(c, { bad: false })}`,
          `coalesce(${n}, 0) ${d.pick(CMP)} ${constant(c, { bad: false })}`,
          `${n}::text like ${lit(d.pick(['-%', '1%', '%5', '%.%']))}`,
          `round(${n}::numeric, 1) = ${d.pick(['0.1', '2.5', '3.1', '0'])}`,
        ]);
      case 'bool':
        return `coalesce(${n}, false) = ${d.pick(['true', 'false'])}`;
      case 'time':
        return d.pick([
          `extract(year from ${n}) ${d.pick(CMP)} ${d.int(2016, 2027)}`,
          `${n}::date ${d.pick(CMP)} ${d.pick(KINDS.date.edges)}`,
        ]);
      case 'uuid':
        return `${n}::text like ${lit(d.pick(['0000000%', '%678', '00000003%']))}`;
      case 'bytea':
        return d.pick([
          `length(${n}) ${d.pick(CMP)} ${d.int(0, 4)}`,
          `get_byte(${n}, 2) = 0`,
          `encode(${n}, 'hex') like '0%'`,
        ]);
      default:
        return otherLeaf(c);
    }
  }

  /** Two columns of one family compared (`age < views`, `name = label`, `pk >= sk`): never a key read. */
  function columnsCompared(): string {
    const c = d.pick(scalar);
    const peers = scalar.filter((x) => x !== c && info(x).family === info(c).family && info(x).minMax);
    if (!peers.length || !info(c).minMax) return simpleLeaf(c);
    const other = d.pick(peers);
    return `${c.sql} ${d.pick([...CMP, 'is distinct from', 'is not distinct from'])} ${other.sql}`;
  }

  /**
   * A row comparison (`(pk, sk) >= ('p1', 'item#0003')`, `(age, id) in ((42, 'u0001'), ...)`): Postgres
   * compares column by column; the engine pushes none of it.
   */
  function rowComparison(): string {
    const pair = d.chance(0.5)
      ? keyNames.map(col)
      : d.some(
          scalar.filter((c) => info(c).minMax),
          2,
        );
    if (pair.length < 2) return simpleLeaf(pair[0] ?? d.pick(scalar));
    const row = () => `(${pair.map((c) => constant(c, { bad: false, cast: false })).join(', ')})`;
    const lhs = `(${pair.map((c) => c.sql).join(', ')})`;
    if (d.chance(0.3)) {
      const rowsOf = spec.items
        .filter(() => d.chance(0.02))
        .map((it) => pair.map((c) => (it[c.name] ? valueLiteral(it[c.name]!, c.kind) : null) ?? 'null'))
        .map((vs) => `(${vs.join(', ')})`);
      return `${lhs} ${d.pick(['in', 'not in'])} (${[...rowsOf, row()].join(', ')})`;
    }
    return `${lhs} ${d.pick([...CMP, 'is distinct from'])} ${row()}`;
  }

  /** Conditions on a jsonb, json or array column. */
  function otherLeaf(c: Column): string {
    const n = c.sql;
    if (c.kind === 'json')
      return d.pick([
        `${n}->>'a' is not null`,
        `json_typeof(${n}) = ${lit(d.pick(['object', 'array', 'string', 'number']))}`,
        `${n}::text like '{%'`,
        `${n} is ${d.pick(['', 'not '])}null`,
      ]);
    if (info(c).family === 'array') {
      const e = c.kind === 'text[]' ? d.pick([`'x'`, `'p'`, `'é'`, `'a "q"'`]) : d.pick(['7', '-1', '4']);
      return d.pick([
        `${n} @> ${d.pick(info(c).edges)}`,
        `${e} = any(${n})`,
        `${n} && ${d.pick(info(c).edges)}`,
        `${n} is ${d.pick(['', 'not '])}null`,
        `cardinality(${n}) ${d.pick(CMP)} ${d.int(0, 4)}`,
        `${n}[1] = ${e}`,
        `${n} = ${d.pick(c.values.length ? c.values : info(c).edges)}`,
      ]);
    }
    const key = d.pick(
      c.name === '_attrs'
        ? ['note', 'flag', 'tags', 'nums', 'nothing', 'deep', 'extra', 'UserId']
        : ['color', 'level', 'tags', 'a', 'b', 'n'],
    );
    return d.pick([
      `${n} ? ${lit(key)}`,
      `${n} ?| array['tags', 'flag', 'color']`,
      `${n} @> ${lit(d.pick(['{"flag": true}', '{"level": 3}', '{"color": "red"}', '{"note": "42"}', '{}', '[]', '"just a string"', '[1]']))}`,
      `${n}->>${lit(key)} = ${lit(d.pick(['hello', 'red', '3', 'true', '42', 'ünïcödé', 'other case']))}`,
      `${n}->${lit(key)} = ${lit(d.pick(['true', '3', '"red"', 'null', '2']))}`,
      `jsonb_typeof(${n}) = ${lit(d.pick(['object', 'array', 'string', 'number', 'boolean']))}`,
      `${n} is ${d.pick(['', 'not '])}null`,
      `${n}->${lit(key)} is not null`,
      `${n} = ${lit(d.pick(['{}', '-12.5', '"plain red"', '1.50']))}`,
    ]);
  }

  /** A WHERE tree: AND/OR/NOT over leaves; `simple` keeps to comparisons with constants. */
  function tree(depth: number, simple: boolean): string {
    if (depth <= 0 || d.chance(0.45))
      return simple || d.chance(0.6) ? simpleLeaf(d.pick(scalar)) : complexLeaf();
    const roll = d.int(0, 9);
    if (roll < 1) return `not (${tree(depth - 1, simple)})`;
    const parts = Array.from({ length: d.int(2, 3) }, () => tree(depth - 1, simple));
    return '(' + parts.join(roll < 6 ? ' and ' : ' or ') + ')';
  }

  /** A condition on key attributes (of the table or of an index), so that a key read can answer it. */
  function keyCondition(): string {
    const pk = col(spec.pk.name);
    const gsi = spec.gsis?.length && d.chance(0.5) ? d.pick(spec.gsis) : null;
    if (gsi) {
      const hash = col(gsi.pk.name);
      const eq = `${hash.sql} = ${constant(hash, { bad: false })}`;
      if (!gsi.sk || d.chance(0.3)) return eq;
      const range = col(gsi.sk.name);
      // A condition every item of the index holds its sort key for (an item without it is not in it).
      return d.chance(0.7)
        ? `${eq} and ${range.sql} ${d.pick(['>', '>=', '<', '<=', '='])} ${rangeConstant(range, { bad: false })}`
        : `${eq} and ${simpleLeaf(range)}`;
    }
    const key = () => constant(pk, { bad: false });
    const sk = spec.sk && col(spec.sk.name);
    const roll = d.int(0, 9);
    // Now and then more keys than one BatchGetItem (100) or one IN list the engine pushes takes.
    if (d.chance(0.04)) return `${pk.sql} in (${Array.from({ length: d.int(95, 130) }, key).join(', ')})`;
    if (!sk) {
      if (roll < 4) return `${pk.sql} = ${constant(pk, { bad: roll === 0 })}`;
      if (roll < 7) return `${pk.sql} in (${Array.from({ length: d.int(2, 6) }, key).join(', ')})`;
      if (roll < 8) return `${pk.sql} = any(${arrayLiteral(pk, d.int(1, 5))})`;
      return Array.from({ length: d.int(2, 3) }, () => `${pk.sql} = ${key()}`).join(' or ');
    }
    const pairs = spec.items.map(
      (it) => [valueLiteral(it[pk.name]!, pk.kind)!, valueLiteral(it[sk.name]!, sk.kind)!] as const,
    );
    if (roll < 3) return `${pk.sql} = ${key()}`;
    if (roll < 5) return `${pk.sql} = ${key()} and ${simpleLeaf(sk)}`;
    if (roll < 6) {
      const [p, s] = d.pick(pairs);
      return `${pk.sql} = ${p} and ${sk.sql} = ${d.chance(0.2) ? cast(sk, s) : s}`;
    }
    if (roll < 7) {
      const ps = Array.from({ length: d.int(2, 4) }, () => d.pick(pairs));
      return '(' + ps.map(([p, s]) => `(${pk.sql} = ${p} and ${sk.sql} = ${s})`).join(' or ') + ')';
    }
    if (roll < 8) {
      const [p, s] = d.pick(pairs);
      return `${pk.sql} = ${p} and ${sk.sql} in (${[s, ...Array.from({ length: d.int(1, 4) }, () => d.pick(pairs)[1])].join(', ')})`;
    }
    if (roll < 9) return `${pk.sql} in (${Array.from({ length: d.int(2, 4) }, key).join(', ')})`;
    return `${pk.sql} = ${key()} and ${sk.sql} ${d.pick(['>', '>=', '<', '<='])} ${rangeConstant(sk, { bad: false })}`;
  }

  function where(simple: boolean): string | null {
    const roll = d.int(0, 99);
    if (roll < 15) return null;
    if (roll < 55) {
      const k = keyCondition();
      return d.chance(0.5) ? k : `${k} and ${tree(d.int(0, 2), simple)}`;
    }
    return tree(d.int(0, 3), simple);
  }

  const whereText = (simple: boolean) => {
    const w = where(simple);
    return w ? ` where ${w}` : '';
  };

  // ---- select lists ---------------------------------------------------------------------------

  /** An expression over one column, as a select-list item. `safe`: no value makes it an error. */
  function expression(safe: boolean): Output {
    const c = d.pick(columns);
    const n = c.sql;
    const of = (sql: string, kind: Kind | null, named = false): Output => ({
      sql,
      kind,
      column: false,
      named,
    });
    if (!safe && d.chance(0.1)) {
      // Errors for some values: both answers must then be the same error.
      if (info(c).family === 'text') return of(`${n}::int`, 'int4', true);
      if (c.kind === 'jsonb') return of(`jsonb_array_length(${n})`, 'int4');
      if (info(c).family === 'number') return of(d.pick([`1 / (${n} - ${n})`, `${n}::int`]), null);
      if (c.kind === 'int2') return of(`-${n}`, 'int2');
    }
    switch (info(c).family) {
      case 'text':
        return d.pick([
          of(`upper(${n})`, 'text'),
          of(`lower(${n})`, 'text'),
          of(`length(${n})`, 'int4'),
          of(`${n} || '|'`, 'text'),
          of(`coalesce(${n}, '-')`, 'text'),
          of(`left(${n}, 2)`, 'text'),
          of(`octet_length(${n})`, 'int4'),
          of(`nullif(${n}, '')`, c.kind),
          of(`${n}::text`, 'text', true),
        ]);
      case 'number':
        return info(c).float
          ? d.pick([
              of(`${n} * 2`, c.kind),
              of(`round(${n}::numeric, 3)`, 'numeric'),
              of(`${n}::text`, 'text', true),
            ])
          : d.pick([
              of(`${n} + 1`, c.kind === 'int2' ? 'int4' : c.kind),
              of(`-${n}`, c.kind === 'int2' ? null : c.kind),
              of(`abs(${n})`, c.kind === 'int2' ? null : c.kind),
              of(`${n}::text`, 'text', true),
              of(`${n} * 2`, c.kind === 'int2' ? 'int4' : c.kind),
              of(`round(${n} / 3, 4)`, 'numeric'),
            ]);
      case 'bool':
        return d.pick([
          of(`not ${n}`, 'bool'),
          of(`coalesce(${n}, false)`, 'bool'),
          of(`${n}::int`, 'int4', true),
        ]);
      case 'time':
        return d.pick([
          of(`extract(epoch from ${n})`, 'numeric'),
          of(`${n}::date`, 'date', true),
          of(`date_trunc('day', ${n})`, c.kind === 'date' ? 'timestamptz' : c.kind),
          of(`to_char(${n}, 'YYYY-MM')`, 'text'),
          of(`${n}::text`, 'text', true),
        ]);
      case 'uuid':
        return d.pick([of(`${n}::text`, 'text', true), of(`upper(${n}::text)`, 'text')]);
      case 'bytea':
        return d.pick([
          of(`length(${n})`, 'int4'),
          of(`encode(${n}, 'hex')`, 'text'),
          of(`${n} || '\\x00'::bytea`, 'bytea'),
        ]);
      case 'array':
        return d.pick([
          of(`${n}[1]`, c.kind === 'text[]' ? 'text' : 'int4', true),
          of(`cardinality(${n})`, 'int4'),
          of(`array_to_string(${n}, ',')`, 'text'),
        ]);
      case 'json':
        return c.kind === 'json'
          ? d.pick([of(`${n}->'a'`, 'json'), of(`json_typeof(${n})`, 'text'), of(`${n}::text`, 'text', true)])
          : d.pick([
              of(`${n}->'color'`, 'jsonb'),
              of(`${n}->>'level'`, 'text'),
              of(`jsonb_typeof(${n})`, 'text'),
              of(`${n} ? 'tags'`, 'bool'),
              of(`${n}->'tags'->0`, 'jsonb'),
              of(`${n}->'note'`, 'jsonb'),
              of(`${n}->>'flag'`, 'text'),
              of(`${n} #>> '{deep,a,b}'`, 'text'),
              of(`${n}::text`, 'text', true),
            ]);
    }
  }

  const columnOutput = (c: Column): Output => ({ sql: c.sql, kind: c.kind, column: true });

  /** A select list of rows (not aggregates): columns, sometimes expressions and constants. */
  function rowOutputs(columnsOnly: boolean, safe: boolean): Output[] {
    if (d.chance(0.12)) return columns.map(columnOutput);
    const out: Output[] = [];
    for (let i = d.int(1, 5); i > 0; i--) {
      if (columnsOnly || d.chance(0.65)) out.push(columnOutput(d.pick(columns)));
      else if (d.chance(0.1)) out.push({ sql: d.pick([`1`, `'x'`, `null::int`]), kind: null, column: false });
      else out.push(expression(safe));
    }
    return out;
  }

  /** Whether the outputs are the table's columns in order (what `*` selects). */
  const everyColumn = (outs: readonly Output[]) =>
    outs.length === columns.length && outs.every((o, i) => o.column && o.sql === columns[i]!.sql);

  /** The select list's text: `*` for every column when `star`; casts named after their column get aliases. */
  const selectList = (outs: readonly Output[], star = false) =>
    star
      ? '*'
      : outs
          .map((o, i) => (o.column || (!o.named && d.chance(0.7)) ? o.sql : `${o.sql} as x${i}`))
          .join(', ');

  const direction = () => d.pick(['', ' asc', ' desc']) + d.pick(['', '', ' nulls first', ' nulls last']);

  /** An ORDER BY item naming output `i`: by its text, or by its position; text perhaps in another collation. */
  const orderItem = (outs: readonly Output[], i: number, collations = true): string => {
    const o = outs[i]!;
    const ref = o.column || (!o.named && d.chance(0.3)) ? o.sql : String(i + 1);
    const collate =
      collations && o.kind && KINDS[o.kind].family === 'text' && ref === o.sql && d.chance(0.25)
        ? d.pick([' collate "C"', ' collate "unicode"'])
        : '';
    return ref + collate + direction();
  };
  const orderable = (outs: readonly Output[]) =>
    outs.flatMap((o, i) => (o.kind && KINDS[o.kind].sortKey ? [i] : []));

  /** LIMIT / OFFSET / FETCH clauses: the numbers and their text (LIMIT 0 included, with an OFFSET or not). */
  function limits(withTies: boolean): { limit: number | null; offset: number; text: string } {
    // A fraction rounds half away from zero, as Postgres casts numeric to bigint: `limit 2.5` is 3.
    const [offset, offsetText] = d.chance(0.4)
      ? d.pick([
          [1, '1'],
          [2, '2'],
          [5, '5'],
          [50, '50'],
          [399, '399'],
          [2, '1.5'],
          [5, `'5'`],
          [2, '(2::int)'],
        ] as const)
      : [0, ''];
    const numbers = [
      [1, '1'],
      [2, '2'],
      [3, '3'],
      [5, '5'],
      [10, '10'],
      [25, '25'],
      [100, '100'],
      [1000, '1000'],
    ] as const;
    const [limit, limitText] = d.pick([
      ...numbers,
      [0, '0'],
      ...(withTies
        ? []
        : ([
            [3, '2.5'],
            [1, '0.5'],
            [5, `'5'`],
            [3, '(3::bigint)'],
            [3, '(2 + 1)'],
          ] as const)),
    ]);
    if (withTies)
      return {
        limit,
        offset,
        text: `${offset ? ` offset ${offsetText} ${d.pick(['row', 'rows'])}` : ''} fetch ${d.pick(['first', 'next'])} ${limitText} rows with ties`,
      };
    const noLimit = d.chance(0.1);
    const limitClause = noLimit
      ? d.pick(['', ' limit all', ' limit null'])
      : d.chance(0.2)
        ? ` fetch ${d.pick(['first', 'next'])} ${limitText} ${d.pick(['row', 'rows'])} only`
        : ` limit ${limitText}`;
    return {
      limit: noLimit ? null : limit,
      offset,
      text: limitClause + (offset ? ` offset ${offsetText}` : ''),
    };
  }

  // ---- statements -----------------------------------------------------------------------------

  /** An expression of a column to ORDER BY (the host sorts): `coalesce(age, 0)`, `name is null`, `length(name)`. */
  function orderExpression(): string {
    const c = d.pick(scalar.filter((x) => info(x).sortKey));
    const n = c.sql;
    switch (info(c).family) {
      case 'number':
        return d.pick([
          `coalesce(${n}, ${constant(c, { bad: false, cast: false })})`,
          `abs(${n})`,
          `${n} is null`,
          `-${n}`,
        ]);
      case 'text':
        return d.pick([`length(${n})`, `coalesce(${n}, '')`, `${n} is null`, `lower(${n})`, `${n} > 'm'`]);
      default:
        return d.pick([`${n} is null`, `coalesce(${n}::text, '')`]);
    }
  }

  // ---- statements the engine plans as more than one read, or hands the host whole ---------------

  /** `f()` with the table's columns named through `q` (`a.`, `s.`): for joins, subqueries and CTEs. */
  function named<T>(q: string, f: () => T): T {
    const saved = qualifier;
    qualifier = q;
    try {
      return f();
    } finally {
      qualifier = saved;
    }
  }

  /** The key columns named through `q`: `['s.pk', 's.sk']`. */
  const keysOf = (q: string) => keyNames.map((k) => q + quoted(k));

  /**
   * The table joined with itself by its key (the engine reads the second relation by the keys the
   * first returned, or hash-joins the items), inner or left, or a left join on another column:
   *   `select a.id as x0, b.age as x1 from {s}.ds a join {s}.ds b on b.id = a.id where a.age > 40`
   */
  function selfJoin(): RandomSelect {
    const onKeys = keyNames.map((k) => `b.${quoted(k)} = a.${quoted(k)}`).join(' and ');
    const textPk = info(col(spec.pk.name)).family === 'text' && !spec.sk;
    const other = scalar.find((c) => c.name === 'label' || c.name === 'name');
    const [kind, on] =
      textPk && other && d.chance(0.3)
        ? ['left join', `b.${quoted(spec.pk.name)} = a.${quoted(other.name)}`]
        : [d.pick(['join', 'join', 'left join']), onKeys];
    const extra = d.chance(0.4) ? ` and (${named('b.', () => simpleLeaf(d.pick(scalar)))})` : '';
    const outs = [
      ...named('a.', () => rowOutputs(true, true)),
      ...named('b.', () => rowOutputs(true, true)).slice(0, 2),
    ];
    const w = named('a.', () => whereText(d.chance(0.6)));
    const wb = d.chance(0.3) ? `${w ? ' and' : ' where'} (${named('b.', () => tree(1, true))})` : '';
    return {
      sql: `select ${outs.map((o, i) => `${o.sql} as x${i}`).join(', ')} from {s}.${spec.local} a ${kind} {s}.${spec.local} b on ${on}${extra}${w}${wb}`,
      check: { kind: 'multiset' },
      floatColumns: [],
    };
  }

  /** Two SELECTs of the table combined: UNION / INTERSECT / EXCEPT, ALL or not. */
  function setOperation(): RandomSelect {
    const cs = d.some(
      scalar.filter((c) => info(c).equality),
      d.int(1, 2),
    );
    const arm = () => `select ${cs.map((c) => c.sql).join(', ')} from ${table}${whereText(d.chance(0.6))}`;
    const op = d.pick(['union', 'union all', 'intersect', 'intersect all', 'except', 'except all']);
    return { sql: `${arm()} ${op} ${arm()}`, check: { kind: 'multiset' }, floatColumns: [] };
  }

  /** A subquery over the same table in WHERE: IN, EXISTS (correlated by key), or a scalar one. */
  function subquery(): RandomSelect {
    const outs = rowOutputs(d.chance(0.6), true);
    const outer = qualifier || `${spec.local}.`;
    const inner = named('i.', () => tree(d.int(0, 2), d.chance(0.5)));
    const c =
      d.pick(scalar.filter((x) => info(x).minMax && info(x).family === 'number')) ?? col(spec.pk.name);
    const pk = col(spec.pk.name);
    const sub = d.pick([
      `${pk.sql} ${d.pick(['in', 'not in'])} (select i.${quoted(pk.name)} from {s}.${spec.local} i where ${inner})`,
      `${d.pick(['', 'not '])}exists (select 1 from {s}.${spec.local} i where ${keyNames.map((k) => `i.${quoted(k)} = ${outer}${quoted(k)}`).join(' and ')} and ${inner})`,
      `${c.sql} ${d.pick(CMP)} (select ${d.pick(['avg', 'min', 'max'])}(i.${quoted(c.name)}) from {s}.${spec.local} i where ${inner})`,
      `${pk.sql} = any (select i.${quoted(pk.name)} from {s}.${spec.local} i where ${inner})`,
    ]);
    const w = d.chance(0.5) ? ` and ${tree(1, true)}` : '';
    return {
      sql: `select ${selectList(outs)} from ${table} where ${sub}${w}`,
      check: { kind: 'multiset' },
      floatColumns: [],
    };
  }

  /**
   * The table read in a subquery in FROM or a CTE (MATERIALIZED or not), filtered and ordered outside:
   *   `with s as (select * from {s}.ds where age > 4) select s.id from s where s.name like 'A%' order by s.id limit 3`
   */
  function derived(): RandomSelect {
    const inner = `select * from ${table}${whereText(d.chance(0.6))}`;
    const outs = named('s.', () => rowOutputs(d.chance(0.7), true));
    const w = named('s.', () => (d.chance(0.6) ? ` where ${tree(d.int(0, 2), d.chance(0.5))}` : ''));
    const ordered = d.chance(0.6);
    const order = ordered
      ? ` order by ${keysOf('s.')
          .map((k) => k + direction())
          .join(', ')}${d.chance(0.7) ? limits(false).text : ''}`
      : '';
    const from = d.chance(0.5) ? `from (${inner}) s` : null;
    const sql = from
      ? `select ${selectList(outs)} ${from}${w}${order}`
      : `with s as ${d.pick(['', 'materialized ', 'not materialized '])}(${inner}) select ${selectList(outs)} from s${w}${order}`;
    return { sql, check: { kind: ordered ? 'ordered' : 'multiset' }, floatColumns: [] };
  }

  /** Window functions over the rows (deterministic ones, or ordered by the key): the host evaluates them. */
  function windowed(): RandomSelect {
    const keys = keysOf(qualifier).join(', ');
    const c = d.pick(scalar.filter((x) => info(x).sortKey && !info(x).float));
    const num = scalar.find((x) => info(x).family === 'number' && !info(x).float) ?? c;
    const win = d.pick([
      `row_number() over (order by ${c.sql}${direction()}, ${keys})`,
      `rank() over (order by ${c.sql}${direction()})`,
      `dense_rank() over (partition by ${c.sql} order by ${num.sql}${direction()})`,
      `count(*) over (partition by ${c.sql})`,
      `sum(${num.sql}) over (partition by ${c.sql})`,
      `lag(${c.sql}) over (order by ${keys})`,
      `first_value(${c.sql}) over (partition by ${num.sql} order by ${keys} desc)`,
    ]);
    const outs = [...keysOf(qualifier), `${win} as w`];
    if (d.chance(0.5)) outs.push(c.sql);
    const w = whereText(d.chance(0.6));
    const ordered = d.chance(0.4);
    const order = ordered ? ` order by w${direction()}, ${keys}${limits(false).text}` : '';
    return {
      sql: `select ${outs.join(', ')} from ${table}${w}${order}`,
      check: { kind: ordered ? 'ordered' : 'multiset' },
      floatColumns: [],
    };
  }

  /** DISTINCT ON a column, the first row of each by the key: deterministic, compared in order. */
  function distinctOn(): RandomSelect {
    const c = d.pick(scalar.filter((x) => info(x).sortKey));
    const outs = [columnOutput(c), ...rowOutputs(true, true)];
    const keys = keysOf(qualifier).map((k) => k + direction());
    const sql = `select distinct on (${c.sql}) ${selectList(outs)} from ${table}${whereText(d.chance(0.6))} order by ${c.sql}${direction()}, ${keys.join(', ')}${d.chance(0.5) ? limits(false).text : ''}`;
    return { sql, check: { kind: 'ordered' }, floatColumns: [] };
  }

  /** One of the statements above. */
  function composite(): RandomSelect {
    return d.pick([selfJoin, setOperation, subquery, derived, windowed, distinctOn])();
  }

  /** Rows, no order: compared as multisets. */
  function rows(): RandomSelect {
    const outs = rowOutputs(d.chance(0.4), false);
    const star = everyColumn(outs) && d.chance(0.5);
    return {
      sql: `select ${selectList(outs, star)} from ${table}${whereText(d.chance(0.5))}`,
      check: { kind: 'multiset' },
      floatColumns: [],
    };
  }

  /** ORDER BY … then every key column: Postgres's order is total, compared exactly. */
  function totalOrder(): RandomSelect {
    const outs = rowOutputs(d.chance(0.5), true);
    const w = whereText(d.chance(0.6));
    const order: string[] = [];
    const candidates = orderable(outs);
    for (let i = d.int(0, 2); i > 0; i--) {
      if (candidates.length && d.chance(0.6)) order.push(orderItem(outs, d.pick(candidates)));
      else if (d.chance(0.25)) order.push(orderExpression() + direction());
      else {
        const c = d.pick(scalar);
        order.push(
          c.sql +
            (info(c).family === 'text' && d.chance(0.2)
              ? d.pick([' collate "C"', ' collate "unicode"'])
              : '') +
            direction(),
        );
      }
    }
    for (const k of keyNames) order.push(col(k).sql + direction());
    const l = d.chance(0.85) ? limits(false) : { text: '' };
    return {
      sql: `select ${selectList(outs)} from ${table}${w} order by ${order.join(', ')}${l.text}`,
      check: { kind: 'ordered' },
      floatColumns: [],
    };
  }

  /** ORDER BY output columns that may tie (with LIMIT, WITH TIES or OFFSET): runs of ties compared as multisets. */
  function partialOrder(): RandomSelect {
    const outs = rowOutputs(d.chance(0.6), true);
    const star = everyColumn(outs) && d.chance(0.5);
    const candidates = orderable(outs);
    if (!candidates.length) return rows();
    const keys = d.some(candidates, d.int(1, 2));
    const withTies = d.chance(0.4);
    const offset = d.pick([1, 5]);
    const l = d.chance(0.9) ? limits(withTies) : { limit: null, offset, text: ` offset ${offset}` };
    const base = `select ${selectList(outs, star)} from ${table}${whereText(d.chance(0.7))} order by ${keys.map((i) => orderItem(outs, i)).join(', ')}`;
    return {
      sql: base + l.text,
      check: { kind: 'groups', keys, cutFirst: l.offset > 0, cutLast: !withTies && l.limit !== null, base },
      floatColumns: [],
    };
  }

  /**
   * One partition (of the table or of an index) in sort-key order, perhaps limited: the read whose
   * order is DynamoDB's, `where pk = 'p3' order by sk desc limit 3`. Falls back to totalOrder.
   */
  function keyOrdered(): RandomSelect {
    const gsi = spec.gsis?.find((g) => g.sk && g.projection !== 'KEYS_ONLY');
    const [hash, range] = spec.sk
      ? [col(spec.pk.name), col(spec.sk.name)]
      : gsi?.sk
        ? [col(gsi.pk.name), col(gsi.sk.name)]
        : [];
    if (!hash || !range) return totalOrder();
    const outs = rowOutputs(d.chance(0.7), true);
    let w = `${hash.sql} = ${constant(hash, { bad: false })}`;
    if (d.chance(0.5))
      w += ` and ${range.sql} ${d.pick(['>', '>=', '<', '<='])} ${rangeConstant(range, { bad: false })}`;
    if (d.chance(0.3)) w += ` and ${tree(1, true)}`;
    const order = [
      range.sql +
        (d.chance(0.15) ? d.pick([' using <', ' using >']) + d.pick(['', ' nulls first']) : direction()),
      ...keyNames.filter((k) => k !== range.name).map((k) => col(k).sql),
    ];
    const l = d.chance(0.8) ? limits(false) : { text: '' };
    return {
      sql: `select ${selectList(outs)} from ${table} where ${w} order by ${order.join(', ')}${l.text}`,
      check: { kind: 'ordered' },
      floatColumns: [],
    };
  }

  /** LIMIT / OFFSET without ORDER BY: some rows of the statement without them. */
  function unordered(): RandomSelect {
    const outs = rowOutputs(d.chance(0.6), true);
    const l = limits(false);
    const base = `select ${selectList(outs)} from ${table}${whereText(d.chance(0.6))}`;
    return {
      sql: base + l.text,
      check: { kind: 'subset', base, limit: l.limit, offset: l.offset },
      floatColumns: [],
    };
  }

  /** An aggregate call over a column of the table (or count(*)). */
  function aggregate(): Output {
    const c = d.pick(columns);
    const n = c.sql;
    const k = info(c);
    if (d.chance(0.15)) return otherAggregate(c);
    const roll = d.int(0, 9);
    if (roll < 2) return { sql: 'count(*)', kind: 'int8', column: false };
    if (roll < 3) return { sql: `count(${n})`, kind: 'int8', column: false };
    if (roll < 4 && k.equality) return { sql: `count(distinct ${n})`, kind: 'int8', column: false };
    if (roll < 6 && k.family === 'number')
      return { sql: `${d.pick(['sum', 'avg'])}(${n})`, kind: null, column: false, float: k.float };
    if (roll < 8 && k.minMax) return { sql: `${d.pick(['min', 'max'])}(${n})`, kind: c.kind, column: false };
    if (k.family === 'bool')
      return { sql: `${d.pick(['bool_and', 'bool_or'])}(${n})`, kind: 'bool', column: false };
    if (roll < 9 && k.family === 'number')
      return { sql: `sum(${n} + 1)`, kind: null, column: false, float: k.float };
    return { sql: `count(*) filter (where ${simpleLeaf(d.pick(scalar))})`, kind: 'int8', column: false };
  }

  /**
   * Aggregates the engine never accumulates itself (DISTINCT but in count, an ORDER BY or FILTER in the
   * call, a collation, ordered-set aggregates), each deterministic: `sum(distinct age)`,
   * `string_agg(name, ',' order by name, id)`, `max(name collate "C")`.
   */
  function otherAggregate(c: Column): Output {
    const n = c.sql;
    const k = info(c);
    const keys = keyNames.map((x) => col(x).sql).join(', ');
    const of = (sql: string, kind: Kind | null, float = false): Output => ({
      sql,
      kind,
      column: false,
      float,
    });
    if (k.family === 'number' && !k.float)
      return d.pick([
        of(`${d.pick(['sum', 'avg'])}(distinct ${n})`, null),
        of(
          `percentile_disc(${d.pick(['0', '0.5', '1'])}) within group (order by ${n}${direction()})`,
          c.kind,
        ),
        of(`max(${n}) filter (where ${simpleLeaf(d.pick(scalar))})`, c.kind),
        of(`sum(${n}) filter (where ${n} > 0)`, null),
        of(`count(distinct ${n}) filter (where ${simpleLeaf(d.pick(scalar))})`, 'int8'),
        of(`stddev_samp(${n})::numeric(40, 10)`, null),
      ]);
    if (k.family === 'text')
      return d.pick([
        of(`string_agg(${n}, ',' order by ${n}${direction()}, ${keys})`, 'text'),
        of(`${d.pick(['min', 'max'])}(${n} collate ${d.pick(['"C"', '"unicode"'])})`, 'text'),
        of(`count(distinct ${n} || '')`, 'int8'),
        of(`min(${n}) filter (where ${n} <> '')`, 'text'),
      ]);
    if (k.family === 'bool')
      return d.pick([
        of(`every(${n})`, 'bool'),
        of(`count(distinct ${n})`, 'int8'),
        of(`bool_and(not ${n})`, 'bool'),
      ]);
    if (k.minMax && k.family !== 'array') return of(`array_agg(${n} order by ${keys})`, null);
    return { sql: 'count(*)', kind: 'int8', column: false };
  }

  function having(): string {
    const c = d.pick(scalar);
    const n = c.sql;
    const k = info(c);
    return d.pick([
      `count(*) > ${d.int(0, 20)}`,
      `count(${n}) ${d.pick(CMP)} ${d.int(0, 10)}`,
      k.family === 'number' && !k.float ? `sum(${n}) > ${constant(c, { bad: false })}` : `count(*) < 50`,
      k.minMax
        ? `min(${n}) ${d.pick(CMP)} ${constant(c, { bad: false })}`
        : k.family === 'bool'
          ? `bool_or(${n})`
          : `count(*) > 1`,
      k.minMax ? `max(${n}) is not null` : `count(${n}) > 0`,
    ]);
  }

  /** GROUP BY (or none) with aggregates and HAVING; ordered by every group column when ordered. */
  function grouped(): RandomSelect {
    const groupable = columns.filter((c) => info(c).equality && (!info(c).float || d.chance(0.3)));
    const groups = d.chance(0.25) ? [] : d.some(groupable, d.chance(0.8) ? 1 : 2);
    const aggs = Array.from({ length: d.int(1, 4) }, aggregate);
    const groupOuts = groups.map(columnOutput);
    const outs = d.chance(0.3) ? [...aggs, ...groupOuts] : [...groupOuts, ...aggs];
    let sql = `select ${outs.map((o) => o.sql).join(', ')} from ${table}${whereText(d.chance(0.7))}`;
    // Grouping sets make NULL groups of their own (compared as multisets, never ordered); a position
    // (`group by 2`) names a select-list column.
    const sets = groups.length > 0 && d.chance(0.12);
    if (sets) {
      const g = groups.map((c) => c.sql).join(', ');
      sql += ` group by ${d.pick([`rollup (${g})`, `cube (${g})`, `grouping sets ((${g}), ())`, `${g}, ()`])}`;
    } else if (groups.length)
      sql += ` group by ${groups.map((c) => (d.chance(0.15) ? String(outs.indexOf(groupOuts[groups.indexOf(c)]!) + 1) : c.sql)).join(', ')}`;
    if (d.chance(0.3)) sql += ` having ${having()}`;
    if (sets)
      return { sql, check: { kind: 'multiset' }, floatColumns: outs.flatMap((o, i) => (o.float ? [i] : [])) };
    // One row without GROUP BY: a LIMIT or OFFSET keeps it or not, whatever the order.
    if (!groups.length && d.chance(0.2)) sql += d.pick([' limit 1', ' offset 1', ' offset 0', ' limit 0']);
    let check: Check = { kind: 'multiset' };
    if (groups.length && groups.every((c) => info(c).sortKey) && d.chance(0.5)) {
      sql += ` order by ${groups.map((c) => c.sql + direction()).join(', ')}`;
      if (d.chance(0.7)) sql += limits(false).text;
      check = { kind: 'ordered' };
    }
    return { sql, check, floatColumns: outs.flatMap((o, i) => (o.float ? [i] : [])) };
  }

  /** SELECT DISTINCT: every output column in the ORDER BY when ordered (distinct rows: a total order). */
  function distinct(): RandomSelect {
    const outs = (
      d.chance(0.7) ? d.some(columns, d.int(1, 2)).map(columnOutput) : rowOutputs(false, false)
    ).filter((o) => o.kind !== 'json');
    if (!outs.length) return rows();
    let sql = `select distinct ${outs.map((o, i) => (o.named ? `${o.sql} as x${i}` : o.sql)).join(', ')} from ${table}${whereText(d.chance(0.7))}`;
    let check: Check = { kind: 'multiset' };
    if (d.chance(0.5) && outs.every((o) => o.kind && KINDS[o.kind].sortKey)) {
      // DISTINCT orders by output columns only: not `name collate "C"`, another expression.
      sql += ` order by ${outs.map((_, i) => orderItem(outs, i, false)).join(', ')}`;
      if (d.chance(0.7)) sql += limits(false).text;
      check = { kind: 'ordered' };
    }
    return { sql, check, floatColumns: [] };
  }

  /** count(*) alone: DynamoDB can count. */
  function counted(): RandomSelect {
    return {
      sql: `select count(*) from ${table}${whereText(true)}`,
      check: { kind: 'multiset' },
      floatColumns: [],
    };
  }

  const makers = [
    [rows, 18],
    [totalOrder, 20],
    [keyOrdered, 12],
    [partialOrder, 14],
    [unordered, 8],
    [grouped, 20],
    [distinct, 14],
    [counted, 8],
    [composite, 10],
  ] as const;
  const total = makers.reduce((s, [, w]) => s + w, 0);
  return Array.from({ length: count }, () => {
    const naming = d.int(0, 9);
    const name = `{s}.${spec.local}`;
    [table, qualifier] =
      naming < 7 ? [name, ''] : naming < 9 ? [`${name} ${d.pick(['t', 'as t'])}`, 't.'] : [name, `${name}.`];
    let roll = d.int(0, total - 1);
    return makers.find(([, w]) => (roll -= w) < 0)![0]();
  });
}
