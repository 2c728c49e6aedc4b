import { encodingName, EngineError } from '@dynascope/engine';
import { clientEncoding, UTF8, type ClientEncoding } from './client-encoding';

/** StartupMessage parameters that are not settings. */
const NOT_SETTINGS = new Set(['user', 'database', 'options', 'replication']);

/** A StartupMessage's parameters as it carries them: each name and value, the client's bytes. */
export type StartupParameters = readonly (readonly [Buffer, Buffer])[];

/**
 * A StartupMessage's parameters read in the client_encoding it names (UTF8 when it names none),
 * with that encoding: as Postgres's start-up, an unknown one is FATAL 22023, one the wire cannot
 * convert FATAL 0A000 (Postgres has no conversion for MULE_INTERNAL; the wire, none for the
 * multibyte ones), and its name is the encoding's own (`latin1` → LATIN1). A value that is not text
 * of the encoding is 22021 (Postgres keeps such bytes as they came; the engine's text cannot).
 *   [client_encoding LATIN1, application_name 'caf\xe9'] → { application_name: 'café', client_encoding: 'LATIN1' }, LATIN1
 *   [client_encoding FOO] → 22023 invalid value for parameter "client_encoding": "FOO"
 */
export function readStartupParameters(parameters: StartupParameters): {
  readonly params: Record<string, string>;
  readonly encoding: ClientEncoding;
} {
  const asked = parameters
    .find(([name]) => name.toString('latin1') === 'client_encoding')?.[1]
    .toString('latin1');
  let encoding = UTF8;
  if (asked !== undefined) {
    const own = encodingName(asked);
    if (!own) throw new EngineError('22023', `invalid value for parameter "client_encoding": "${asked}"`);
    encoding = clientEncoding(asked === 'UNICODE' ? asked : own) ?? unsupported(own);
  }
  const params: Record<string, string> = {};
  for (const [name, value] of parameters) params[encoding.decode(name)] = encoding.decode(value);
  if (asked !== undefined) params.client_encoding = encoding.name;
  return { params, encoding };
}

function unsupported(encoding: string): never {
  throw new EngineError('0A000', `conversion between ${encoding} and UTF8 is not supported`);
}

export interface StartupSetting {
  readonly name: string;
  readonly value: string;
}

/**
 * The settings a client asks for at start-up, as Postgres applies them: its parameters
 * (`application_name`, `TimeZone`, `extra_float_digits`, ...) and `-c name=value` / `--name=value`
 * in `options` (backslash escapes a space).
 *   { application_name: 'psql', options: '-c search_path=app,public' }
 *   → [{ application_name, psql }, { search_path, app,public }]
 */
export function startupSettings(params: Readonly<Record<string, string>>): StartupSetting[] {
  const settings = Object.entries(params)
    .filter(([name]) => !NOT_SETTINGS.has(name))
    .map(([name, value]) => ({ name, value }));
  const words = (params.options ?? '').match(/(?:\\.|\S)+/g) ?? [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!.replace(/\\(.)/g, '$1');
    const pair = word === '-c' ? words[++i]?.replace(/\\(.)/g, '$1') : word.replace(/^--/, '');
    const at = pair?.indexOf('=') ?? -1;
    if (pair && at > 0)
      settings.push({ name: pair.slice(0, at).replace(/-/g, '_'), value: pair.slice(at + 1) });
  }
  return settings;
}

/** Settings that take a list (`search_path=app,public`): SET gets each element as a literal of its own. */
const LIST_SETTINGS = new Set(['search_path', 'datestyle', 'temp_tablespaces']);

/**
 * The value of a start-up setting as SET's argument list, each element a literal:
 * `search_path` `app, "My Schema"` → `'app', 'My Schema'`; anything else → one literal.
 */
export function setArguments(setting: StartupSetting, literal: (text: string) => string): string {
  if (!LIST_SETTINGS.has(setting.name.toLowerCase())) return literal(setting.value);
  const elements = setting.value.match(/"(?:[^"]|"")*"|[^,]+/g) ?? [];
  return elements
    .map((e) => e.trim())
    .filter(Boolean)
    .map((e) => literal(e.startsWith('"') ? e.slice(1, -1).replace(/""/g, '"') : e))
    .join(', ');
}
