/** Postgres type oids the wire protocol needs by name (pg_type's, stable across versions). */
export const Oid = {
  bool: 16,
  bytea: 17,
  name: 19,
  int8: 20,
  int2: 21,
  int4: 23,
  text: 25,
  oid: 26,
  json: 114,
  float4: 700,
  float8: 701,
  unknown: 705,
  bpchar: 1042,
  varchar: 1043,
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
  numeric: 1700,
  uuid: 2950,
  jsonb: 3802,
} as const;

/** `format_type` names of the oids above, for PREPARE's parameter list. */
const NAMES: Readonly<Record<number, string>> = {
  [Oid.bool]: 'boolean',
  [Oid.bytea]: 'bytea',
  [Oid.name]: 'name',
  [Oid.int8]: 'bigint',
  [Oid.int2]: 'smallint',
  [Oid.int4]: 'integer',
  [Oid.text]: 'text',
  [Oid.oid]: 'oid',
  [Oid.json]: 'json',
  [Oid.float4]: 'real',
  [Oid.float8]: 'double precision',
  [Oid.bpchar]: 'character',
  [Oid.varchar]: 'character varying',
  [Oid.date]: 'date',
  [Oid.timestamp]: 'timestamp without time zone',
  [Oid.timestamptz]: 'timestamp with time zone',
  [Oid.numeric]: 'numeric',
  [Oid.uuid]: 'uuid',
  [Oid.jsonb]: 'jsonb',
};

/** A parameter oid as a type name PREPARE takes: 0 (or one we do not know) → `unknown`, inferred by Postgres. */
export function paramTypeName(oid: number): string {
  return NAMES[oid] ?? 'unknown';
}

/** pg_type.typlen for RowDescription (-1: variable length). */
export function typeLength(oid: number): number {
  switch (oid) {
    case Oid.bool:
      return 1;
    case Oid.int2:
      return 2;
    case Oid.int4:
    case Oid.oid:
    case Oid.float4:
    case Oid.date:
      return 4;
    case Oid.int8:
    case Oid.float8:
    case Oid.timestamp:
    case Oid.timestamptz:
      return 8;
    case Oid.uuid:
      return 16;
    case Oid.name:
      return 64;
    default:
      return -1;
  }
}
