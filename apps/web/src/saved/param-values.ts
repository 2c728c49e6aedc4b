import type { SavedQueryParam } from '@dynascope/contract';
import { editorKind, parseEditorText } from '../edit/editor-value';

export type ParamValues =
  | { readonly ok: true; readonly values: readonly string[] }
  | { readonly ok: false; readonly errors: readonly (string | null)[] };

/**
 * The values a saved query runs with (`POST /api/saved-queries/:name/sql`'s `values`), from the
 * form's fields, checked as the grid's editors check a cell of that type (edit/editor-value.ts):
 * numbers stay the text typed (`12345678901234567890.5` is never a JavaScript number), an empty
 * field is the parameter's example. Untyped parameters are text.
 *   [{ type: 'int' , example: '7' }], ['']     → ['7']
 *   [{ type: 'numeric', example: '1' }], ['1e400'] → ['1e400']
 *   [{ type: 'integer', example: '1' }], ['1.5']   → errors ['a whole number (integer)']
 *   [{ type: 'boolean', example: 'f' }], ['Yes']   → ['true']
 */
export function paramValues(params: readonly SavedQueryParam[], texts: readonly string[]): ParamValues {
  const errors: (string | null)[] = [];
  const values = params.map((p, i) => {
    const typed = texts[i] ?? '';
    const text = typed === '' ? p.example : typed;
    const type = canonicalType(p.type);
    const parsed = parseEditorText(text, type);
    if (!parsed.ok) {
      errors[i] = parsed.error;
      return '';
    }
    errors[i] = null;
    const kind = editorKind(type);
    if (kind === 'text') return text;
    if (kind === 'boolean') return String(parsed.value);
    return typeof parsed.value === 'string' ? parsed.value : text.trim();
  });
  return errors.some((e) => e !== null) ? { ok: false, errors } : { ok: true, values };
}

const ALIASES: Readonly<Record<string, string>> = {
  int: 'integer',
  int4: 'integer',
  int2: 'smallint',
  int8: 'bigint',
  bool: 'boolean',
  float4: 'real',
  float8: 'double precision',
  timestamptz: 'timestamp with time zone',
};

/** A parameter's type as the editors name it: `int` → integer, `INT8` → bigint; none → text. */
export function canonicalType(type: string | undefined): string {
  const t = (type ?? 'text').trim().toLowerCase();
  return ALIASES[t] ?? t;
}
