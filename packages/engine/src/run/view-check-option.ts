import { quoteIdent, quoteLiteral } from '../parse/ast';
import type { StatementContext } from './context';
import type { WriteStatementPlan } from '../plan/statement/statement-plan';

/** Postgres's DETAIL shows at most this many bytes of each value (ExecBuildSlotValueDescription). */
const MAX_FIELD_BYTES = 64;

/**
 * Runs a write through views WITH CHECK OPTION: Postgres rejects a new or changed row one of those
 * views would not show (`44000 new row violates check option for view "v"`). The host evaluates the
 * write on a temp copy of the rows before DynamoDB sees it, so an AFTER ROW trigger on that copy
 * raises Postgres's error, with its detail, and nothing is written.
 */
export async function withViewChecks<T>(
  ctx: StatementContext,
  prepared: WriteStatementPlan,
  kind: string,
  planOnly: boolean,
  run: () => Promise<T>,
): Promise<T> {
  const checks = prepared.viewChecks;
  const target = prepared.target;
  if (planOnly || !checks.length || kind === 'DeleteStmt') return run();
  const name = `${ctx.nextTempName()}_check`;
  const fn = `pg_temp.${quoteIdent(name)}`;
  // format('%s') is the type's output function (a boolean shows as t/f, as in Postgres's detail; ::text says true).
  const values = target.occurrence.table.columns.map(
    (c) => `case when new.${quoteIdent(c.name)} is not null then format('%s', new.${quoteIdent(c.name)}) end`,
  );
  const tests = checks.map(
    (c) => `
      if not coalesce((select (${c.condition}) from (select new.*) as ${quoteIdent(target.alias)}), false) then
        raise exception using errcode = '44000', message = ${quoteLiteral(`new row violates check option for view "${c.view}"`)}, detail = row_text;
      end if;`,
  );
  const body = `
    declare
      v text;
      parts text[] := '{}';
      n int;
      row_text text;
    begin
      foreach v in array array[${values.join(', ')}]::text[] loop
        if v is null then parts := parts || 'null'::text;
        elsif octet_length(v) > ${MAX_FIELD_BYTES} then
          n := ${MAX_FIELD_BYTES};
          while octet_length(left(v, n)) > ${MAX_FIELD_BYTES} loop n := n - 1; end loop;
          parts := parts || (left(v, n) || '...');
        else parts := parts || v;
        end if;
      end loop;
      row_text := 'Failing row contains (' || array_to_string(parts, ', ') || ').';
      ${tests.join('')}
      return null;
    end`;
  const tag = '$dynascope_check$';
  if (body.includes(tag)) throw new Error('a view condition contains the trigger body delimiter');
  await ctx.host.asOwner(() =>
    ctx.host.exec(
      `create function ${fn}() returns trigger language plpgsql as ${tag}${body}${tag};
       create trigger ${quoteIdent(name)} after ${kind === 'InsertStmt' ? 'insert' : 'update'} on pg_temp.${quoteIdent(target.tempTable)}
         for each row execute function ${fn}()`,
    ),
  );
  try {
    return await run();
  } finally {
    // CASCADE drops the trigger too, if its table is still there (an INSERT's copy is dropped with the statement).
    await ctx.host
      .asOwner(() => ctx.host.exec(`drop function if exists ${fn}() cascade`))
      .catch(() => undefined);
  }
}
