/** StartupMessage parameters that are not settings, or that the wire fixes (UTF8 both ways). */
const NOT_SETTINGS = new Set(['user', 'database', 'options', 'replication', 'client_encoding']);

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
