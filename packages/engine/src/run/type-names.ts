import type { Host } from '../host/host';

/** Postgres type oids → names (`format_type`), looked up once per oid. */
export class TypeNames {
  private readonly names = new Map<number, string>();
  private readonly oids = new Map<string, number>();
  private readonly qualified = new Map<number, string>();

  constructor(private readonly host: Host) {}

  async resolve(oids: readonly number[]): Promise<void> {
    const missing = [...new Set(oids)].filter((o) => !this.names.has(o));
    if (!missing.length) return;
    const r = await this.host.query(
      'select oid::int, format_type(oid, null) from pg_type where oid = any($1::oid[])',
      [missing],
    );
    for (const [oid, name] of r.rows) {
      this.names.set(Number(oid), name!);
      this.oids.set(name!, Number(oid));
    }
  }

  name(oid: number): string {
    return this.names.get(oid) ?? 'unknown';
  }

  /**
   * Each type's schema-qualified name, as a cast to it keeps a value whole: `pg_catalog.bpchar`, not
   * `character` (which means character(1)); '' for an oid that is no type. Looked up once per oid.
   *   [1042, 23, 1007] → ['pg_catalog.bpchar', 'pg_catalog.int4', 'pg_catalog._int4']
   */
  async qualifiedNames(oids: readonly number[]): Promise<string[]> {
    const missing = [...new Set(oids)].filter((o) => o && !this.qualified.has(o));
    if (missing.length) {
      const r = await this.host.query(
        `select t.oid::int, pg_catalog.format('%I.%I', n.nspname, t.typname) from pg_catalog.pg_type t
           join pg_catalog.pg_namespace n on n.oid = t.typnamespace where t.oid = any($1::oid[])`,
        [missing],
      );
      for (const [oid, name] of r.rows) this.qualified.set(Number(oid), name!);
    }
    return oids.map((o) => this.qualified.get(o) ?? '');
  }

  /**
   * The oids of result column type names (`integer`, `numeric(10,2)`, `character varying[]`):
   * the ones `name` gave, the rest looked up once (`to_regtype`); 0 for a name that is no type (or no type name at all).
   */
  async oidsOf(typeNames: readonly string[]): Promise<number[]> {
    for (const name of new Set(typeNames)) {
      if (this.oids.has(name)) continue;
      // One name at a time, each in a savepoint when a block is open: a name that does not parse
      // must not abort the client's transaction.
      const oid = await this.host
        .transaction(() => this.host.query('select pg_catalog.to_regtype($1)::oid::int', [name]))
        .then((r) => Number(r.rows[0]?.[0] ?? 0))
        .catch(() => 0);
      this.oids.set(name, oid);
    }
    return typeNames.map((n) => this.oids.get(n) ?? 0);
  }
}
