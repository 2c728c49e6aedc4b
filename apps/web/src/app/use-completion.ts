import { formatUsd } from '@dynascope/contract';
import { useCallback, useEffect, useRef } from 'react';
import type * as Monaco from 'monaco-editor';
import { api, newRequestId } from '../api/client';
import { failureLine } from '../api/failure-text';
import { sampleLine } from '../designer/sample-line';
import { sampleSpend } from '../price/sample-spend';
import { tabSpend } from '../price/tab-spend';
import type { CatalogSnapshot, SampledAttribute } from '../api/wire';
import { resolveRelation } from '../completion/resolve-relation';
import { parseSchemaArray, SEARCH_PATH_SQL } from '../completion/search-path';
import { relationsInScope } from '../completion/tables-in-scope';
import { registerSqlCompletion } from '../editor/completion-provider';
import type { EditorBridge } from '../editor/editor-bridge';

/** How long completion waits for a session's search path before it uses Postgres's default. */
const SEARCH_PATH_WAIT_MS = 400;

const after = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

/**
 * Attaches each mounted editor to the bridge and, once, registers schema-aware completion: the
 * catalog as it is now, the search path of the active tab's session (asked once per session, again
 * after it may have changed: `forgetSearchPath`), and the sampled attributes of the foreign tables
 * a statement reads (described once each; each sample's RCU is shown and counted in the tab's total).
 */
export function useCompletion(
  bridge: EditorBridge,
  catalog: CatalogSnapshot | null,
  activeTabId: string,
  notify: (text: string) => void,
) {
  const live = useRef({ catalog, activeTabId, notify });
  useEffect(() => {
    live.current = { catalog, activeTabId, notify };
  }, [catalog, activeTabId, notify]);
  const registered = useRef(false);
  const attributes = useRef(new Map<string, readonly SampledAttribute[]>());
  /** Each tab's session search path, as it answered (or null when it could not). */
  const paths = useRef(new Map<string, Promise<readonly string[] | null>>());

  /** The search path of a tab's session (each tab is a session of its own). */
  const searchPath = useCallback((tabId: string) => {
    const known = paths.current.get(tabId);
    if (known) return known;
    const asked = api.sql(SEARCH_PATH_SQL, newRequestId(), undefined, tabId).then(
      (r) => {
        // A session that cannot answer now (a failed transaction block, another tab's block): ask again later.
        if (r.error) paths.current.delete(tabId);
        return r.error ? null : parseSchemaArray(r.statements[0]?.rows[0]?.[0]);
      },
      (e: unknown) => {
        paths.current.delete(tabId);
        live.current.notify(`Reading the search path for completion failed: ${failureLine(e)}`);
        return null;
      },
    );
    paths.current.set(tabId, asked);
    return asked;
  }, []);

  const onEditorReady = useCallback(
    (editor: Monaco.editor.IStandaloneCodeEditor, monaco: typeof Monaco) => {
      bridge.attach(editor, monaco);
      // The e2e suite and screenshot script set editor text through this handle (typing fights auto-close).
      (window as unknown as { __dynascopeEditor?: unknown }).__dynascopeEditor = editor;
      if (registered.current) return;
      registered.current = true;
      registerSqlCompletion(monaco, {
        catalog: () => live.current.catalog,
        // Completion does not wait long for it (a session may be held by another tab's transaction block).
        searchPath: () =>
          Promise.race([searchPath(live.current.activeTabId), after(SEARCH_PATH_WAIT_MS, null)]),
        attributes: async (statement, path) => {
          const cache = attributes.current;
          for (const ref of relationsInScope(statement)) {
            const catalog = live.current.catalog;
            const table = catalog ? resolveRelation(catalog, ref, path) : undefined;
            const key = table ? `${table.schema}.${table.name}` : '';
            if (!table?.server || !table.dynamoTable || cache.has(key)) continue;
            try {
              const desc = await api.describe(table.server, table.dynamoTable);
              cache.set(key, desc.attributes);
              // A read we make: counted in the active tab's total and shown (issue 17, defect 8).
              const spend = sampleSpend(desc);
              tabSpend.sampled(live.current.activeTabId, spend);
              live.current.notify(`Completion ${sampleLine(desc)} of ${key} ≈ ${formatUsd(spend.usd)}`);
            } catch (e) {
              cache.set(key, []);
              live.current.notify(`Sampling ${key} for completion failed: ${failureLine(e)}`);
            }
          }
          return cache;
        },
      });
    },
    [bridge, searchPath],
  );

  /** A run in this tab may have changed its search path (a SET): ask again next time. */
  const forgetSearchPath = useCallback((tabId: string) => void paths.current.delete(tabId), []);

  return { onEditorReady, forgetSearchPath };
}
