import type { ExplainStmt } from '@pgsql/types';
import { as } from '../../parse/ast';
import { defBoolean } from '../../parse/def-boolean';

export type ExplainFormat = 'text' | 'json' | 'xml' | 'yaml';

/** What an EXPLAIN over foreign tables acts on of its options (the others: nothing of DynamoDB's to show). */
export interface ExplainOptions {
  readonly analyze: boolean;
  readonly verbose: boolean;
  readonly format: ExplainFormat;
  readonly costs: boolean;
  /** TIMING and SUMMARY when given; else ANALYZE's, as Postgres defaults them. */
  readonly timing?: boolean;
  readonly summary?: boolean;
}

/**
 * EXPLAIN's options as Postgres reads them, the last of each counting: Boolean ones as defGetBoolean
 * (`analyze off`), FORMAT's word in any case. Which options exist and which need ANALYZE is the
 * host's to say (run/run-statement.ts asks it first); BUFFERS, WAL, SETTINGS, MEMORY, SERIALIZE and
 * GENERIC_PLAN are accepted and show nothing, a DynamoDB read having no buffers, WAL or settings.
 *   `explain (format xml, analyze, costs false) ...` → { analyze: true, format: 'xml', costs: false, ... }
 */
export function explainOptions(stmt: ExplainStmt): ExplainOptions {
  const booleans = new Map<string, boolean>();
  let format: ExplainFormat = 'text';
  for (const o of stmt.options ?? []) {
    const d = as(o, 'DefElem');
    const name = d?.defname ?? '';
    if (name === 'format') format = (as(d!.arg, 'String')?.sval ?? '').toLowerCase() as ExplainFormat;
    else if (['analyze', 'verbose', 'costs', 'timing', 'summary'].includes(name))
      booleans.set(name, defBoolean(d!));
  }
  return {
    analyze: booleans.get('analyze') ?? false,
    verbose: booleans.get('verbose') ?? false,
    format,
    costs: booleans.get('costs') ?? true,
    timing: booleans.get('timing'),
    summary: booleans.get('summary'),
  };
}
