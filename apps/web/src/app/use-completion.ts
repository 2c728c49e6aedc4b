import { useCallback, useEffect, useRef } from 'react';
import type * as Monaco from 'monaco-editor';
import { api } from '../api/client';
import { failureLine } from '../api/failure-text';
import type { CatalogSnapshot, SampledAttribute } from '../api/wire';
import { resolveRelation } from '../completion/resolve-relation';
import { relationsInScope } from '../completion/tables-in-scope';
import { registerSqlCompletion } from '../editor/completion-provider';
import type { EditorBridge } from '../editor/editor-bridge';

/**
 * Attaches each mounted editor to the bridge and, once, registers schema-aware completion: the
 * catalog as it is now, and the sampled attributes of the foreign tables a statement reads
 * (described once each).
 */
export function useCompletion(
  bridge: EditorBridge,
  catalog: CatalogSnapshot | null,
  notify: (text: string) => void,
) {
  const catalogRef = useRef(catalog);
  const notifyRef = useRef(notify);
  useEffect(() => {
    catalogRef.current = catalog;
    notifyRef.current = notify;
  }, [catalog, notify]);
  const registered = useRef(false);
  const attributes = useRef(new Map<string, readonly SampledAttribute[]>());

  return useCallback(
    (editor: Monaco.editor.IStandaloneCodeEditor, monaco: typeof Monaco) => {
      bridge.attach(editor, monaco);
      // The e2e suite and screenshot script set editor text through this handle (typing fights auto-close).
      (window as unknown as { __dynascopeEditor?: unknown }).__dynascopeEditor = editor;
      if (registered.current) return;
      registered.current = true;
      registerSqlCompletion(monaco, {
        catalog: () => catalogRef.current,
        attributes: async (statement) => {
          const cache = attributes.current;
          for (const ref of relationsInScope(statement)) {
            const catalog = catalogRef.current;
            const table = catalog ? resolveRelation(catalog, ref) : undefined;
            const key = table ? `${table.schema}.${table.name}` : '';
            if (!table?.server || !table.dynamoTable || cache.has(key)) continue;
            try {
              cache.set(key, (await api.describe(table.server, table.dynamoTable)).attributes);
            } catch (e) {
              cache.set(key, []);
              notifyRef.current(`Sampling ${key} for completion failed: ${failureLine(e)}`);
            }
          }
          return cache;
        },
      });
    },
    [bridge],
  );
}
