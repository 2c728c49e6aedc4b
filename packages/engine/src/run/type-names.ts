import type { Host } from '../host/host';

/** Postgres type oids → names (`format_type`), looked up once per oid. */
export class TypeNames {
  private readonly names = new Map<number, string>();
  private readonly oids = new Map<string, number>();

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

  /** The oid of a name `name` gave (format_type names without a typmod are one per type). */
  oid(name: string): number | undefined {
    return this.oids.get(name);
  }
}
