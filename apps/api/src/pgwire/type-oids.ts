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
  cidr: 650,
  float4: 700,
  float8: 701,
  unknown: 705,
  inet: 869,
  bpchar: 1042,
  varchar: 1043,
  date: 1082,
  time: 1083,
  timestamp: 1114,
  timestamptz: 1184,
  interval: 1186,
  timetz: 1266,
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

/** Array type oid → its element's oid (pg_type.typelem), for the element types above: 1007 (int4[]) → 23. */
const ELEMENTS: Readonly<Record<number, number>> = {
  1000: Oid.bool,
  1001: Oid.bytea,
  1003: Oid.name,
  1016: Oid.int8,
  1005: Oid.int2,
  1007: Oid.int4,
  1009: Oid.text,
  1028: Oid.oid,
  199: Oid.json,
  1021: Oid.float4,
  1022: Oid.float8,
  1014: Oid.bpchar,
  1015: Oid.varchar,
  1182: Oid.date,
  1183: Oid.time,
  1115: Oid.timestamp,
  1185: Oid.timestamptz,
  1187: Oid.interval,
  1270: Oid.timetz,
  1231: Oid.numeric,
  2951: Oid.uuid,
  3807: Oid.jsonb,
  1041: Oid.inet,
  651: Oid.cidr,
};

/** The element oid of an array type oid we know (1009 → 25), undefined for any other oid. */
export function arrayElementOid(oid: number): number | undefined {
  return ELEMENTS[oid];
}

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
    case Oid.time:
    case Oid.timestamp:
    case Oid.timestamptz:
      return 8;
    case Oid.timetz:
      return 12;
    case Oid.interval:
      return 16;
    case Oid.uuid:
      return 16;
    case Oid.name:
      return 64;
    default:
      return -1;
  }
}
