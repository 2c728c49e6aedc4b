import type { CopyStmt, FuncCall, VariableSetStmt } from '@pgsql/types';
import { EngineError, SqlState } from '../errors';
import { as } from '../parse/ast';

/**
 * Postgres's names of encodings (pg_encname_tbl in src/common/encnames.c): an alias, as
 * `normalised` reads it, → the encoding's own name (pg_enc2name_tbl), which SHOW and
 * ParameterStatus report: 'iso-8859-1' → LATIN1, 'Windows-1252' → WIN1252, 'unicode' → UTF8.
 */
const ENCODINGS: Readonly<Record<string, string>> = {
  abc: 'WIN1258',
  alt: 'WIN866',
  big5: 'BIG5',
  euccn: 'EUC_CN',
  eucjis2004: 'EUC_JIS_2004',
  eucjp: 'EUC_JP',
  euckr: 'EUC_KR',
  euctw: 'EUC_TW',
  gb18030: 'GB18030',
  gbk: 'GBK',
  iso88591: 'LATIN1',
  iso885910: 'LATIN6',
  iso885913: 'LATIN7',
  iso885914: 'LATIN8',
  iso885915: 'LATIN9',
  iso885916: 'LATIN10',
  iso88592: 'LATIN2',
  iso88593: 'LATIN3',
  iso88594: 'LATIN4',
  iso88595: 'ISO_8859_5',
  iso88596: 'ISO_8859_6',
  iso88597: 'ISO_8859_7',
  iso88598: 'ISO_8859_8',
  iso88599: 'LATIN5',
  johab: 'JOHAB',
  koi8: 'KOI8R',
  koi8r: 'KOI8R',
  koi8u: 'KOI8U',
  latin1: 'LATIN1',
  latin10: 'LATIN10',
  latin2: 'LATIN2',
  latin3: 'LATIN3',
  latin4: 'LATIN4',
  latin5: 'LATIN5',
  latin6: 'LATIN6',
  latin7: 'LATIN7',
  latin8: 'LATIN8',
  latin9: 'LATIN9',
  mskanji: 'SJIS',
  muleinternal: 'MULE_INTERNAL',
  shiftjis: 'SJIS',
  shiftjis2004: 'SHIFT_JIS_2004',
  sjis: 'SJIS',
  sqlascii: 'SQL_ASCII',
  tcvn: 'WIN1258',
  tcvn5712: 'WIN1258',
  uhc: 'UHC',
  unicode: 'UTF8',
  utf8: 'UTF8',
  vscii: 'WIN1258',
  win: 'WIN1251',
  win1250: 'WIN1250',
  win1251: 'WIN1251',
  win1252: 'WIN1252',
  win1253: 'WIN1253',
  win1254: 'WIN1254',
  win1255: 'WIN1255',
  win1256: 'WIN1256',
  win1257: 'WIN1257',
  win1258: 'WIN1258',
  win866: 'WIN866',
  win874: 'WIN874',
  win932: 'SJIS',
  win936: 'GBK',
  win949: 'UHC',
  win950: 'BIG5',
  windows1250: 'WIN1250',
  windows1251: 'WIN1251',
  windows1252: 'WIN1252',
  windows1253: 'WIN1253',
  windows1254: 'WIN1254',
  windows1255: 'WIN1255',
  windows1256: 'WIN1256',
  windows1257: 'WIN1257',
  windows1258: 'WIN1258',
  windows866: 'WIN866',
  windows874: 'WIN874',
  windows932: 'SJIS',
  windows936: 'GBK',
  windows949: 'UHC',
  windows950: 'BIG5',
};

/**
 * The client encodings a wire client may ask for (`SET client_encoding`, its StartupMessage): UTF8,
 * SQL_ASCII (which converts nothing: UTF-8 checked on the way in, as Postgres checks it against the
 * server's UTF8), and Postgres's single-byte encodings, which the wire protocol converts text to
 * and from (apps/api pgwire/client-encoding.ts). Postgres's multibyte ones (EUC_JP, SJIS, BIG5,
 * GBK, ...) are refused as Postgres refuses an encoding it has no conversion for.
 */
export const CLIENT_ENCODINGS: ReadonlySet<string> = new Set([
  'UTF8',
  'SQL_ASCII',
  ...['LATIN1', 'LATIN2', 'LATIN3', 'LATIN4', 'LATIN5', 'LATIN6', 'LATIN7', 'LATIN8', 'LATIN9', 'LATIN10'],
  ...['ISO_8859_5', 'ISO_8859_6', 'ISO_8859_7', 'ISO_8859_8'],
  ...['WIN1250', 'WIN1251', 'WIN1252', 'WIN1253', 'WIN1254', 'WIN1255', 'WIN1256', 'WIN1257', 'WIN1258'],
  ...['WIN866', 'WIN874', 'KOI8R', 'KOI8U'],
]);

const normalised = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** An encoding's own name as Postgres's pg_char_to_encoding reads `name` (case and punctuation ignored); null for none. */
export function encodingName(name: string): string | null {
  // Postgres looks no further than NAMEDATALEN.
  const key = name.length < 64 ? normalised(name) : '';
  return Object.hasOwn(ENCODINGS, key) ? ENCODINGS[key]! : null;
}

/**
 * The value `SET client_encoding = value` gives the setting, as Postgres's check_client_encoding:
 * the encoding's own name ('latin1' → LATIN1; 'UNICODE' written so stays, for old JDBC drivers).
 * An unknown name is 22023, an encoding the wire cannot convert 0A000, in Postgres's words.
 *   'iso-8859-1' → LATIN1;  'foo' → 22023 invalid value for parameter "client_encoding": "foo"
 *   'EUC_JP' → 0A000 invalid value for parameter "client_encoding": "EUC_JP" (Conversion between EUC_JP and UTF8 is not supported.)
 */
export function clientEncodingValue(value: string): string {
  const name = encodingName(value);
  const message = `invalid value for parameter "client_encoding": "${value}"`;
  if (!name) throw new EngineError(SqlState.invalidParameterValue, message);
  if (!CLIENT_ENCODINGS.has(name))
    throw new EngineError(SqlState.featureNotSupported, message, {
      detail: `Conversion between ${name} and UTF8 is not supported.`,
    });
  return value === 'UNICODE' ? value : name;
}

/** Encodings text may be converted to: UTF8 itself, and SQL_ASCII, which converts nothing. */
const NO_CONVERSION = new Set(['UTF8', 'SQL_ASCII']);

/** The text of a string constant, through casts: `'LATIN1'`, `'LATIN1'::name`; undefined for anything else. */
function constantText(node: unknown): string | undefined {
  const cast = as(node, 'TypeCast');
  if (cast) return constantText(cast.arg);
  return as(node, 'A_Const')?.sval?.sval;
}

function refuse(target: string, location: number | undefined, hint = CONVERT_HINT): never {
  throw new EngineError(
    SqlState.featureNotSupported,
    `conversion from UTF8 to ${target} is not supported: the engine's text is UTF8 throughout`,
    { ...(location !== undefined && location >= 0 && { position: location + 1 }), hint },
  );
}

const CONVERT_HINT =
  'convert on the client: SET client_encoding, and the wire protocol converts the text it sends and reads';
const SET_HINT =
  'SET client_encoding as a statement of its own: the wire protocol converts the text it sends and reads';

/** Refuses `target` unless it names UTF8 or SQL_ASCII; a name known only when it runs is refused too. */
function refuseTarget(target: string | undefined, location: number | undefined, hint?: string): void {
  if (target === undefined) refuse('an encoding named at run time', location, hint);
  if (!NO_CONVERSION.has(encodingName(target) ?? '')) refuse(target, location, hint);
}

/**
 * The setting the host keeps a session's client_encoding in (run/client-encoding-statement.ts): the
 * host's own stays UTF8. Only the engine sets it.
 */
export const CLIENT_ENCODING_SETTING = 'dynascope.client_encoding';

/**
 * The session's client_encoding as SQL the host answers: the engine's setting (UTF8 when unset or
 * RESET). What `SHOW client_encoding` answers and the wire protocol reports as ParameterStatus.
 */
export const CLIENT_ENCODING_SQL = `coalesce(nullif(pg_catalog.current_setting('${CLIENT_ENCODING_SETTING}', true), ''), 'UTF8')`;

/** A setting's value as the session has it, as SQL: `current_setting(name)`, client_encoding's the engine's. */
export function currentSettingSql(name: string): string {
  return name.toLowerCase() === 'client_encoding'
    ? CLIENT_ENCODING_SQL
    : `pg_catalog.current_setting('${name}')`;
}

/**
 * Conversions of the engine's UTF8 text to another encoding, refused before the host sees them
 * (0A000). The embedded PGlite cannot run one: `convert_to('é', 'LATIN1')` answers nothing and
 * its next statement never returns, so every session waits on the host. And the engine reads the
 * host's answers as UTF8 on both hosts, so the host's own client_encoding stays UTF8: a statement
 * `SET client_encoding` (`top`) is the engine's to run (run/client-encoding-statement.ts: the wire
 * protocol converts by it), one in a function's body or SET clause, and set_config, are refused.
 *   select convert_to(t, 'LATIN1')   select convert(b, 'UTF8', 'LATIN1')   copy t to stdout (encoding 'latin1')
 *   select set_config('client_encoding', 'LATIN1', false)   create function f() ... set client_encoding = 'LATIN1'
 * UTF8, SQL_ASCII, and conversions *to* UTF8 (convert_from) pass (`dynascope.client_encoding`, where
 * the engine keeps the value, is host/setting-policy.ts's: 42501).
 */
export function refuseEncodingConversion(kind: string, at: unknown, top: boolean): void {
  switch (kind) {
    case 'VariableSetStmt': {
      const set = as(at, 'VariableSetStmt') as VariableSetStmt;
      if (set.name?.toLowerCase() !== 'client_encoding' || top || set.kind !== 'VAR_SET_VALUE') return;
      refuseTarget(constantText(set.args?.[0]), set.location, SET_HINT);
      return;
    }
    case 'FuncCall': {
      const call = as(at, 'FuncCall') as FuncCall;
      const name = as(call.funcname?.at(-1), 'String')?.sval?.toLowerCase();
      const args = call.args ?? [];
      if (name === 'convert_to') refuseTarget(constantText(args[1]), call.location);
      else if (name === 'convert') refuseTarget(constantText(args[2]), call.location);
      else if (name === 'set_config' && constantText(args[0])?.toLowerCase() === 'client_encoding')
        refuse(constantText(args[1]) ?? 'an encoding named at run time', call.location, SET_HINT);
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
