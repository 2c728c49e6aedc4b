import type { CopyStmt, FuncCall, VariableSetStmt } from '@pgsql/types';
import { EngineError, SqlState } from '../errors';
import { as } from '../parse/ast';

/**
 * Encodings text may be converted to: UTF8 itself, and SQL_ASCII, which converts nothing. Names as
 * Postgres's pg_char_to_encoding reads them: case and punctuation ignored ('utf-8', 'Unicode').
 */
const NO_CONVERSION = new Set(['utf8', 'unicode', 'sqlascii']);

const normalised = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The text of a string constant, through casts: `'LATIN1'`, `'LATIN1'::name`; undefined for anything else. */
function constantText(node: unknown): string | undefined {
  const cast = as(node, 'TypeCast');
  if (cast) return constantText(cast.arg);
  return as(node, 'A_Const')?.sval?.sval;
}

function refuse(target: string, location: number | undefined): never {
  throw new EngineError(
    SqlState.featureNotSupported,
    `conversion from UTF8 to ${target} is not supported: the engine's text is UTF8 throughout`,
    {
      ...(location !== undefined && location >= 0 && { position: location + 1 }),
      hint: 'convert on the client (psql: \\encoding; a driver: its client encoding) and keep client_encoding UTF8',
    },
  );
}

/** Refuses `target` unless it names UTF8 or SQL_ASCII; a name known only when it runs is refused too. */
function refuseTarget(target: string | undefined, location: number | undefined): void {
  if (target === undefined) refuse('an encoding named at run time', location);
  if (!NO_CONVERSION.has(normalised(target))) refuse(target, location);
}

/**
 * Conversions of the engine's UTF8 text to another encoding, refused before the host sees them
 * (0A000). The embedded PGlite cannot run one: `convert_to('é', 'LATIN1')` answers nothing and
 * its next statement never returns, so every session waits on the host. And the engine reads the
 * host's answers as UTF8 on both hosts, so a client_encoding of another would garble them.
 *   set client_encoding = 'LATIN1'   set names 'WIN1252'   select set_config('client_encoding', 'LATIN1', false)
 *   select convert_to(t, 'LATIN1')   select convert(b, 'UTF8', 'LATIN1')   copy t to stdout (encoding 'latin1')
 * UTF8, SQL_ASCII, and conversions *to* UTF8 (convert_from) pass.
 */
export function refuseEncodingConversion(kind: string, at: unknown): void {
  switch (kind) {
    case 'VariableSetStmt': {
      const set = as(at, 'VariableSetStmt') as VariableSetStmt;
      if (set.name?.toLowerCase() !== 'client_encoding' || set.kind !== 'VAR_SET_VALUE') return;
      refuseTarget(constantText(set.args?.[0]), set.location);
      return;
    }
    case 'FuncCall': {
      const call = as(at, 'FuncCall') as FuncCall;
      const name = as(call.funcname?.at(-1), 'String')?.sval?.toLowerCase();
      const args = call.args ?? [];
      if (name === 'convert_to') refuseTarget(constantText(args[1]), call.location);
      else if (name === 'convert') refuseTarget(constantText(args[2]), call.location);
      else if (name === 'set_config' && constantText(args[0])?.toLowerCase() === 'client_encoding')
        refuseTarget(constantText(args[1]), call.location);
      return;
    }
    case 'CopyStmt': {
      const copy = as(at, 'CopyStmt') as CopyStmt;
      for (const option of copy.options ?? []) {
        const def = as(option, 'DefElem');
        if (def?.defname === 'encoding') refuseTarget(as(def.arg, 'String')?.sval, def.location);
      }
      return;
    }
  }
}
