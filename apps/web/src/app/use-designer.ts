import { useEffect, useMemo, useReducer, useRef } from 'react';
import { api } from '../api/client';
import { failureLine, failureText } from '../api/failure-text';
import type { CatalogSnapshot, CatalogTable, WireScriptResult } from '../api/wire';
import {
  alterDesigner,
  designerReducer,
  initialDesigner,
  type DesignerAction,
} from '../designer/designer-reducer';
import { runError } from '../designer/designer-sql';

/**
 * The designer's I/O (designer-reducer.ts decides the state): lists the picked server's tables,
 * describes the picked table, and runs generated SQL. With `editing`, it opens on that foreign table.
 */
export function useDesigner(
  catalog: CatalogSnapshot | null,
  runSql: (sql: string) => Promise<WireScriptResult>,
  editing: CatalogTable | null = null,
) {
  const [state, dispatch] = useReducer(designerReducer, null, () =>
    editing ? alterDesigner(editing) : initialDesigner(catalog?.servers ?? []),
  );
  const existing = useMemo(
    () => new Set((catalog?.tables ?? []).map((t) => `${t.schema}.${t.name}`)),
    [catalog],
  );
  const existingRef = useRef(existing);
  useEffect(() => {
    existingRef.current = existing;
  }, [existing]);

  const { server, dynamoTable } = state;
  useEffect(() => {
    if (!server) return;
    api
      .tables(server)
      .then((tables) => dispatch({ type: 'tables-loaded', server, tables }))
      .catch((e: unknown) => dispatch({ type: 'tables-failed', server, failure: failureText(e) }));
  }, [server]);
  useEffect(() => {
    if (!server || !dynamoTable) return;
    api
      .describe(server, dynamoTable)
      .then((desc) =>
        dispatch({ type: 'description-loaded', dynamoTable, desc, existing: existingRef.current }),
      )
      .catch((e: unknown) => dispatch({ type: 'description-failed', dynamoTable, message: failureLine(e) }));
  }, [server, dynamoTable]);

  /** Runs `sql`; on success dispatches `success` and resolves true. */
  const run = async (sql: string, success: DesignerAction): Promise<boolean> => {
    dispatch({ type: 'submitted' });
    try {
      const error = runError(await runSql(sql));
      dispatch(error ? { type: 'failed', message: error } : success);
      return !error;
    } catch (e) {
      dispatch({ type: 'failed', message: failureLine(e) });
      return false;
    }
  };

  return { state, dispatch, existing, run };
}
