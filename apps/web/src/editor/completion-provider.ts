import type * as Monaco from 'monaco-editor';
import { completeAt, type CompletionKind } from '../completion/complete';
import { splitStatements, statementAt } from '../sql/split-statements';
import type { CatalogSnapshot, SampledAttribute } from '../api/wire';

export interface CompletionSource {
  catalog(): CatalogSnapshot | null;
  /** The editor's session search path (fetched once per session and after a SET); null: unknown. */
  searchPath(): Promise<readonly string[] | null>;
  /** Sampled attributes per `schema.table`; may fetch them (for `_attrs->>'` keys). */
  attributes(
    statement: string,
    searchPath: readonly string[] | undefined,
  ): Promise<ReadonlyMap<string, readonly SampledAttribute[]>>;
}

function kindOf(monaco: typeof Monaco, kind: CompletionKind): Monaco.languages.CompletionItemKind {
  const K = monaco.languages.CompletionItemKind;
  return {
    keyword: K.Keyword,
    function: K.Function,
    schema: K.Module,
    table: K.Class,
    column: K.Field,
    attribute: K.Property,
  }[kind];
}

/** Registers schema-aware SQL completion for `pgsql` models; returns the disposable. */
export function registerSqlCompletion(monaco: typeof Monaco, source: CompletionSource): Monaco.IDisposable {
  return monaco.languages.registerCompletionItemProvider('pgsql', {
    triggerCharacters: ['.', "'", '"', ' '],
    async provideCompletionItems(model, position) {
      const catalog = source.catalog();
      if (!catalog) return { suggestions: [] };
      const text = model.getValue();
      const offset = model.getOffsetAt(position);
      const span = statementAt(splitStatements(text), offset);
      const start = span && offset >= span.start ? span.start : offset;
      const end = span && offset >= span.start ? Math.max(span.end, offset) : offset;
      const statement = text.slice(start, end);
      const inStatement = offset - start;
      const before = statement.slice(0, inStatement);
      // After a plain space only keep going when a table is expected (FROM/JOIN …).
      if (/\s$/.test(before) && !/\b(from|join|update|into)\s+$/i.test(before)) return { suggestions: [] };
      const searchPath = (await source.searchPath()) ?? undefined;
      const attributes = /->>?\s*'[^']*$/.test(before)
        ? await source.attributes(statement, searchPath)
        : undefined;
      const result = completeAt({
        catalog,
        statement,
        offset: inStatement,
        ...(attributes ? { attributes } : {}),
        ...(searchPath ? { searchPath } : {}),
      });
      const from = model.getPositionAt(offset - result.replaceLength);
      const range = new monaco.Range(from.lineNumber, from.column, position.lineNumber, position.column);
      return {
        suggestions: result.items.slice(0, 200).map((item, i) => ({
          label: { label: item.label, description: item.detail },
          kind: kindOf(monaco, item.kind),
          detail: item.detail,
          insertText: item.insertText,
          filterText: item.label,
          sortText: String(i).padStart(4, '0'),
          range,
        })),
      };
    },
  });
}
