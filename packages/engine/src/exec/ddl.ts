import { loadServer, optionsFromJoined } from '../catalog/foreign-table';
import {
  MASK,
  PLAIN_SECRET_OPTIONS,
  SERVER_OPTIONS,
  TABLE_OPTIONS,
  checkOptionNames,
  validateServerOptions,
  validateTableOptions,
} from '../catalog/options';
import { applySplices, type Splice } from '../bind/splice';
import { EngineError } from '../errors';
import { as, quoteIdent } from '../parse/ast';
import { scanTokens } from '../parse/parse';
import type { StatementContext } from './context';
import { hostError } from './host-error';

interface DefElem {
  defname: string;
  defaction?: string;
  location?: number;
  arg?: unknown;
}

function defElems(list: unknown): DefElem[] {
  return Array.isArray(list) ? list.map((d) => as<DefElem>(d, 'DefElem')!).filter(Boolean) : [];
}

/**
 * `create foreign data wrapper w handler h validator v` → `create foreign data wrapper w`:
 * the host needs no handler (the engine is the handler), and the docs' form must work as written.
 */
export function stripFdwFunctions(text: string): string {
  const tokens = scanTokens(text);
  const start = tokens.find((t) => /^(handler|validator|no)$/i.test(t.text));
  if (!start) return text;
  const options = tokens.find((t) => t.start > start.start && /^options$/i.test(t.text));
  return text.slice(0, start.start) + (options ? text.slice(options.start) : '');
}

/** Replaces the string literal after each named option with `'********'`. */
export function maskOptionValues(text: string, options: readonly DefElem[], which: readonly string[]): string {
  const tokens = scanTokens(text);
  const splices: Splice[] = [];
  for (const o of options) {
    if (!which.includes(o.defname) || o.location === undefined) continue;
    const value = tokens.find((t) => t.start > o.location! && t.tokenName === 'SCONST');
    if (value) splices.push({ start: value.start, end: value.end, replacement: `'${MASK}'` });
  }
  return applySplices(text, splices).text;
}

function optionValue(d: DefElem): string {
  const s = as<{ sval?: string }>(d.arg, 'String');
  return s?.sval ?? '';
}

/** The SQL text that may be shown or logged: plain credentials masked. */
export function redactStatement(kind: string, fields: Record<string, unknown>, text: string): string {
  if (kind === 'CreateForeignServerStmt' || kind === 'AlterForeignServerStmt') {
    return maskOptionValues(text, defElems(fields.options), PLAIN_SECRET_OPTIONS);
  }
  return text;
}

/**
 * CREATE/ALTER SERVER: unknown options rejected, plain credentials moved to the vault (the catalog
 * keeps `********`), then the resulting option set validated in the same transaction (spec §1).
 */
export async function runServerDdl(ctx: StatementContext, kind: string, fields: Record<string, unknown>, text: string): Promise<void> {
  const options = defElems(fields.options);
  for (const o of options) {
    try {
      checkOptionNames([o.defname], SERVER_OPTIONS);
    } catch (e) {
      if (e instanceof EngineError && o.location !== undefined) e.position = o.location + 1;
      throw e;
    }
  }
  const name = String(fields.servername);
  const secrets = options.filter((o) => (PLAIN_SECRET_OPTIONS as readonly string[]).includes(o.defname) && o.defaction !== 'DEFELEM_DROP');
  const sql = maskOptionValues(text, options, PLAIN_SECRET_OPTIONS);
  await ctx.host.transaction(async () => {
    try {
      await ctx.host.query(sql);
    } catch (e) {
      throw hostError(e);
    }
    const server = await loadServer(ctx.host, name);
    if (!server) return; // CREATE SERVER IF NOT EXISTS on an existing server
    for (const o of secrets) {
      const id = await ctx.vault.create(optionValue(o), null, `option ${o.defname} of server ${name}`);
      await ctx.host.query(
        `insert into dynascope.server_credentials (server_oid, option, secret_id) values ($1, $2, $3)
         on conflict (server_oid, option) do update set secret_id = excluded.secret_id`,
        [server.oid, o.defname, id],
      );
    }
    validateServerOptions({ ...server.options });
    ctx.clients.forget(server.oid);
  });
}

/** CREATE FOREIGN TABLE / ALTER FOREIGN TABLE ... OPTIONS: validated in the same transaction. */
export async function runForeignTableDdl(ctx: StatementContext, relation: { schemaname?: string; relname: string }, text: string, optionList: unknown): Promise<void> {
  for (const o of defElems(optionList)) {
    try {
      checkOptionNames([o.defname], TABLE_OPTIONS);
    } catch (e) {
      if (e instanceof EngineError && o.location !== undefined) e.position = o.location + 1;
      throw e;
    }
  }
  await ctx.host.transaction(async () => {
    try {
      await ctx.host.query(text);
    } catch (e) {
      throw hostError(e);
    }
    const name = (relation.schemaname ? quoteIdent(relation.schemaname) + '.' : '') + quoteIdent(relation.relname);
    const r = await ctx.host.query(
      `select array_to_string(ftoptions, chr(1)) from pg_foreign_table where ftrelid = to_regclass($1)`,
      [name],
    );
    if (r.rows.length) validateTableOptions(optionsFromJoined(r.rows[0]![0] ?? null));
  });
}

/** The options a foreign table's ALTER TABLE touches, if any (`ALTER FOREIGN TABLE t OPTIONS (...)`). */
export function alterTableOptions(fields: Record<string, unknown>): unknown[] | null {
  if (fields.objtype !== 'OBJECT_FOREIGN_TABLE' || !Array.isArray(fields.cmds)) return null;
  const out: unknown[] = [];
  for (const c of fields.cmds) {
    const cmd = as<{ subtype: string; def?: unknown }>(c, 'AlterTableCmd');
    const items = as<{ items?: unknown[] }>(cmd?.def, 'List')?.items;
    if (cmd?.subtype === 'AT_GenericOptions' && items) out.push(...items);
  }
  return out;
}

