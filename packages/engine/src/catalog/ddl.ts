import { loadServer, optionsFromJoined } from './foreign-table';
import {
  PLAIN_SECRET_OPTIONS,
  SERVER_OPTIONS,
  TABLE_OPTIONS,
  checkOptionNames,
  validateServerOptions,
  validateTableOptions,
} from './options';
import { COLUMN_OPTIONS, validateColumnOptions } from './column-options';
import { EngineError } from '../errors';
import type { AlterTableStmt, DefElem, RangeVar } from '@pgsql/types';
import { as, names, quoteIdent, quoteLiteral } from '../parse/ast';
import { quotedName } from '../bind/range-vars';
import { USER_ROLE } from '../host/user-role';
import { redact, secretConstants } from '../vault/secret-constants';
import type { StatementContext } from '../run/context';
import { hostError } from '../run/host-error';
import { vaultCredentialsOf } from '../dynamo/client-cache';
import { credentialDestination } from '@dynascope/contract';

/** An option (`a 'x'`) with its name ('' if the tree left it out). */
type Option = DefElem & { readonly defname: string };

/** The options of an option list (`options (a 'x', b 'y')`). */
function defElems(list: readonly unknown[] | undefined): Option[] {
  return (list ?? []).flatMap((d) => {
    const e = as(d, 'DefElem');
    return e ? [{ ...e, defname: e.defname ?? '' }] : [];
  });
}

/**
 * CREATE / DROP FOREIGN DATA WRAPPER, which Postgres keeps for superusers: the engine runs them as
 * the host's owner, rebuilt from the tree (never the user's text), and lets the user role use the
 * wrapper. The handler and validator are left out: the host needs none (the engine is the handler),
 * and the docs' form must work as written.
 * `create foreign data wrapper w handler h validator v` → `create foreign data wrapper "w"`.
 */
export async function runFdwDdl(ctx: StatementContext, node: unknown): Promise<void> {
  const create = as(node, 'CreateFdwStmt');
  const drop = as(node, 'DropStmt');
  const sql = create
    ? `create foreign data wrapper ${quoteIdent(create.fdwname ?? '')}${optionList(defElems(create.options))};
         grant usage on foreign data wrapper ${quoteIdent(create.fdwname ?? '')} to ${USER_ROLE}`
    : `drop foreign data wrapper ${drop?.missing_ok ? 'if exists ' : ''}${names(drop?.objects ?? [])
        .map(quoteIdent)
        .join(', ')}${drop?.behavior === 'DROP_CASCADE' ? ' cascade' : ''}`;
  await ctx.host.asOwner(async () => {
    try {
      await ctx.host.exec(sql);
    } catch (e) {
      throw hostError(e);
    }
  });
}

/** ` options (a 'x', b 'y')`, or nothing. */
function optionList(options: readonly Option[]): string {
  return options.length
    ? ` options (${options.map((o) => `${quoteIdent(o.defname)} ${quoteLiteral(optionValue(o))}`).join(', ')})`
    : '';
}

function optionValue(d: DefElem): string {
  return as(d.arg, 'String')?.sval ?? '';
}

/**
 * CREATE/ALTER SERVER: unknown options rejected, plain credentials moved to the vault (the catalog
 * keeps `********`), then the resulting option set validated in the same transaction (spec §1).
 */
export async function runServerDdl(ctx: StatementContext, node: unknown, text: string): Promise<void> {
  const stmt = as(node, 'CreateForeignServerStmt') ?? as(node, 'AlterForeignServerStmt') ?? {};
  const options = defElems(stmt.options);
  for (const o of options) {
    try {
      checkOptionNames([o.defname], SERVER_OPTIONS);
    } catch (e) {
      if (e instanceof EngineError && o.location !== undefined) e.position = o.location + 1;
      throw e;
    }
  }
  const name = stmt.servername ?? '';
  const secrets = options.filter(
    (o) => (PLAIN_SECRET_OPTIONS as readonly string[]).includes(o.defname) && o.defaction !== 'DEFELEM_DROP',
  );
  // The host never sees a plain credential: the vault gets it, the catalog `********`.
  const sql = redact(text, secretConstants(node, text));
  await ctx.host.transaction(async () => {
    try {
      await ctx.host.query(sql);
    } catch (e) {
      throw hostError(e);
    }
    const server = await loadServer(ctx.host, name);
    if (!server) return; // CREATE SERVER IF NOT EXISTS on an existing server
    for (const o of secrets)
      await ctx.vault.storeServerCredential(server.oid, name, o.defname, optionValue(o));
    validateServerOptions({ ...server.options });
    // Its stored keys go only where they were first sent (vault.ts bindToDestination).
    const used = vaultCredentialsOf(server.options);
    if (used) await ctx.vault.bindToDestination(server, used, credentialDestination(server));
    ctx.clients.keysChanged(server.oid);
  });
}

/**
 * CREATE FOREIGN TABLE / ALTER FOREIGN TABLE (its OPTIONS, a column's OPTIONS, a RENAME COLUMN):
 * the table's and its columns' options validated in the same transaction (catalog/column-attribute.ts).
 */
export async function runForeignTableDdl(
  ctx: StatementContext,
  relation: RangeVar,
  text: string,
  optionList: readonly unknown[] | undefined,
  columnOptionList: readonly unknown[] = [],
): Promise<void> {
  const check = (list: readonly unknown[] | undefined, valid: readonly string[]) => {
    for (const o of defElems(list)) {
      try {
        checkOptionNames([o.defname], valid);
      } catch (e) {
        if (e instanceof EngineError && o.location !== undefined) e.position = o.location + 1;
        throw e;
      }
    }
  };
  check(optionList, TABLE_OPTIONS);
  check(columnOptionList, COLUMN_OPTIONS);
  await ctx.host.transaction(async () => {
    try {
      await ctx.host.query(text);
    } catch (e) {
      throw hostError(e);
    }
    const name = quotedName(relation);
    const r = await ctx.host.query(
      `select array_to_string(ftoptions, chr(1)) from pg_foreign_table where ftrelid = to_regclass($1)`,
      [name],
    );
    if (!r.rows.length) return;
    const options = optionsFromJoined(r.rows[0]![0] ?? null);
    validateTableOptions(options);
    const cols = await ctx.host.query(
      `select a.attname, t.typname, array_to_string(a.attfdwoptions, chr(1))
         from pg_attribute a join pg_type t on t.oid = a.atttypid
        where a.attrelid = to_regclass($1) and a.attnum > 0 and not a.attisdropped order by a.attnum`,
      [name],
    );
    validateColumnOptions(
      { options },
      cols.rows.map(([n, typname, opts]) => ({
        name: n!,
        typname: typname!,
        fdwOptions: optionsFromJoined(opts ?? null),
      })),
    );
  });
}

/**
 * The column options a CREATE FOREIGN TABLE or ALTER FOREIGN TABLE names (`a text options (attribute 'x')`,
 * `alter column a options (add attribute 'x')`, `add column b int options (...)`), to check their names
 * with a position before the DDL runs.
 */
export function columnOptions(node: unknown): unknown[] {
  const ofColumn = (column: unknown) => as(column, 'ColumnDef')?.fdwoptions ?? [];
  const create = as(node, 'CreateForeignTableStmt');
  if (create) return (create.base?.tableElts ?? []).flatMap(ofColumn);
  const alter = as(node, 'AlterTableStmt');
  if (alter?.objtype !== 'OBJECT_FOREIGN_TABLE' || !alter.cmds) return [];
  return alter.cmds.flatMap((c) => {
    const cmd = as(c, 'AlterTableCmd');
    if (cmd?.subtype === 'AT_AlterColumnGenericOptions') return as(cmd.def, 'List')?.items ?? [];
    return cmd?.subtype === 'AT_AddColumn' ? ofColumn(cmd.def) : [];
  });
}

/** The options a foreign table's ALTER TABLE touches, if any (`ALTER FOREIGN TABLE t OPTIONS (...)`). */
export function alterTableOptions(stmt: AlterTableStmt): unknown[] | null {
  if (stmt.objtype !== 'OBJECT_FOREIGN_TABLE' || !stmt.cmds) return null;
  const out: unknown[] = [];
  for (const c of stmt.cmds) {
    const cmd = as(c, 'AlterTableCmd');
    const items = as(cmd?.def, 'List')?.items;
    if (cmd?.subtype === 'AT_GenericOptions' && items) out.push(...items);
  }
  return out;
}
