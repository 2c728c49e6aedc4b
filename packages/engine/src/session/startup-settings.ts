import { EngineError } from '../errors';
import { notBoolean, parseBool } from './settings';
import { as, quoteLiteral } from '../parse/ast';
import { CLIENT_ENCODING_SETTING, clientEncodingValue } from '../host/encoding-policy';

/** One setting a client gave at start-up: its name and SET's argument list (`'app', 'public'`). */
export interface StartupSetting {
  readonly name: string;
  readonly args: string;
}

/**
 * The settings a session's client gave at start-up (a wire connection's StartupMessage and `-c`
 * options), which Postgres makes the session's defaults: `RESET ALL`, `RESET name`, `SET name TO
 * DEFAULT` and DISCARD ALL go back to them, not to the server's. The host only knows them as SETs,
 * so after such a statement the engine SETs them again (run/run-statement.ts, run/discard-all.ts).
 *   startup TimeZone 'Europe/Berlin'; set timezone = 'UTC'; reset all → TimeZone Europe/Berlin
 */
export class StartupSettings {
  private readonly settings = new Map<string, StartupSetting>();

  /**
   * Records `settings` as the session's start-up ones (names as Postgres folds them; checked by
   * startupSql): client_encoding as the setting the host keeps it in (run/client-encoding-statement.ts).
   */
  record(settings: readonly StartupSetting[]): void {
    for (const s of settings) {
      const name = s.name.toLowerCase();
      if (name === 'client_encoding') {
        const value = quoteLiteral(clientEncodingValue(literalText(s.args) ?? ''));
        this.settings.set(CLIENT_ENCODING_SETTING, { name: CLIENT_ENCODING_SETTING, args: value });
      } else this.settings.set(name, { ...s, name });
    }
  }

  /**
   * The SETs that give back the start-up values a statement reset, or null when it reset none of
   * them: all of them after DISCARD ALL, all but the role's and the transaction's after RESET ALL;
   * one after RESET or SET ... TO DEFAULT of it
   * (SET LOCAL ... TO DEFAULT: a SET LOCAL).
   *   'reset all' → 'set "timezone" = \'Europe/Berlin\'; set "search_path" = \'app\', \'public\''
   */
  restoring(node: unknown): string | null {
    if (!this.settings.size) return null;
    const set = as(node, 'VariableSetStmt');
    const discardAll = as(node, 'DiscardStmt')?.target === 'DISCARD_ALL';
    if (discardAll) return this.all();
    // RESET ALL leaves what Postgres marks GUC_NO_RESET_ALL (the role, the transaction's own settings).
    if (set?.kind === 'VAR_RESET_ALL') {
      const reset = [...this.settings.values()].filter((s) => !NO_RESET_ALL.has(s.name));
      return reset.length ? setsOf(reset, false) : null;
    }
    if (set?.kind !== 'VAR_RESET' && set?.kind !== 'VAR_SET_DEFAULT') return null;
    const one = this.settings.get(String(set.name ?? '').toLowerCase());
    return one ? setsOf([one], !!set.is_local) : null;
  }

  /** The SETs of every start-up setting (null: none). */
  all(): string | null {
    return this.settings.size ? setsOf([...this.settings.values()], false) : null;
  }
}

/** `set [local] name = args; ...` */
function setsOf(settings: readonly StartupSetting[], local: boolean): string {
  return settings.map((s) => `set ${local ? 'local ' : ''}${s.name} = ${s.args}`).join('; ');
}

/** Settings RESET ALL leaves as they are (GUC_NO_RESET_ALL in Postgres's guc_tables.c). */
const NO_RESET_ALL = new Set([
  'role',
  'session_authorization',
  'transaction_isolation',
  'transaction_read_only',
  'transaction_deferrable',
]);

/**
 * The SETs that apply start-up settings; a name that is not a setting's (`[A-Za-z_][\w.]*`) is
 * Postgres's 42704 before anything is set.
 */
export function startupSql(settings: readonly StartupSetting[]): string {
  const bad = settings.find((s) => !/^[A-Za-z_][\w.]*$/.test(s.name));
  if (bad) throw new EngineError('42704', `unrecognized configuration parameter "${bad.name}"`);
  const refused = settings.find(
    (s) => BOOLEAN_SETTINGS.has(s.name.toLowerCase()) && parseBool(literalText(s.args) ?? '') === null,
  );
  if (refused) throw notBoolean(refused.name.toLowerCase());
  return setsOf(settings, false);
}

/**
 * The engine's settings that refuse what is no Boolean (settings.ts pageFiltersOn): at start-up, where
 * RESET would go back to it, such a value is refused as Postgres refuses one for a Boolean of its own.
 */
const BOOLEAN_SETTINGS = new Set(['dynascope.page_filters']);

/** A SET argument's one value: `'of''f'` → `of'f`, `on` → `on`; null for a list or anything else. */
function literalText(args: string): string | null {
  const quoted = /^'((?:[^']|'')*)'$/.exec(args.trim());
  if (quoted) return quoted[1]!.replace(/''/g, "'");
  return /^[A-Za-z_0-9]+$/.test(args.trim()) ? args.trim() : null;
}
