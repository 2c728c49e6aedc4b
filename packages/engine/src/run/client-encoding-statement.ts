import { EngineError, SqlState } from '../errors';
import { CLIENT_ENCODING_SETTING, CLIENT_ENCODING_SQL, clientEncodingValue } from '../host/encoding-policy';
import type { Host } from '../host/host';
import { as, quoteLiteral } from '../parse/ast';
import { parseOne } from '../parse/parse';

/**
 * A session's client_encoding is the wire protocol's: it converts the text it reads and sends by it
 * (apps/api pgwire/client-encoding.ts). The host's own stays UTF8 (the engine reads its answers as
 * UTF-8; PGlite hangs converting), so the value lives in a setting of the engine's, where SET LOCAL,
 * a rolled back SET, RESET (to a wire client's start-up value) and DISCARD ALL treat it as Postgres
 * treats client_encoding. The statement as the host runs it, null for one about something else:
 *   set client_encoding = 'iso-8859-1'  → set dynascope.client_encoding = 'LATIN1'
 *   set local names 'win1252'           → set local dynascope.client_encoding = 'WIN1252'
 *   reset client_encoding               → reset dynascope.client_encoding
 *   set client_encoding = 'foo'         → 22023 invalid value for parameter "client_encoding": "foo"
 *   set client_encoding = 'EUC_JP'      → 0A000 (the wire protocol converts none of the multibyte encodings)
 */
export function clientEncodingStatement(node: unknown): { node: unknown; text: string } | null {
  const set = as(node, 'VariableSetStmt');
  if (set?.name?.toLowerCase() !== 'client_encoding') return null;
  const local = set.is_local ? 'local ' : '';
  let text: string;
  switch (set.kind) {
    case 'VAR_SET_VALUE': {
      if ((set.args?.length ?? 0) > 1)
        throw new EngineError(SqlState.invalidParameterValue, 'SET client_encoding takes only one argument');
      text = `set ${local}${CLIENT_ENCODING_SETTING} = ${quoteLiteral(clientEncodingValue(argumentText(set.args?.[0])))}`;
      break;
    }
    case 'VAR_SET_DEFAULT':
      text = `set ${local}${CLIENT_ENCODING_SETTING} to default`;
      break;
    case 'VAR_SET_CURRENT':
      text = `set ${local}${CLIENT_ENCODING_SETTING} from current`;
      break;
    case 'VAR_RESET':
      text = `reset ${CLIENT_ENCODING_SETTING}`;
      break;
    default:
      return null;
  }
  return { node: parseOne(text), text };
}

/** SET's argument as the setting reads it: `'latin1'`, `latin1`, `1` → its text. */
function argumentText(arg: unknown): string {
  const value = as(arg, 'A_Const');
  if (value?.sval) return value.sval.sval ?? '';
  if (value?.ival) return String(value.ival.ival ?? 0);
  if (value?.fval) return value.fval.fval ?? '';
  return '';
}

/** Whether the statement is `SHOW client_encoding`, which the engine answers (showClientEncoding). */
export function showsClientEncoding(node: unknown): boolean {
  return as(node, 'VariableShowStmt')?.name?.toLowerCase() === 'client_encoding';
}

/** `SHOW client_encoding`'s one row, as the session has it (`planOnly`: no row, the column only). */
export async function showClientEncoding(host: Host, planOnly: boolean): Promise<string[][]> {
  if (planOnly) return [];
  const result = await host.query(`select ${CLIENT_ENCODING_SQL}`);
  return [[String(result.rows[0]?.[0] ?? 'UTF8')]];
}
