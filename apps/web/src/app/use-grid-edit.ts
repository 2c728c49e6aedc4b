import { useCallback, useLayoutEffect, useReducer, useRef } from 'react';
import { api, newRequestId } from '../api/client';
import { failureLine } from '../api/failure-text';
import type { WireScriptResult } from '../api/wire';
import type { TableSample } from '../designer/sample-line';
import { editRequestTarget } from '../edit/edit-flow';
import { editSql, editTitle, rowsEditOf, type EditRequest } from '../edit/edit-request';
import { editReviewReducer } from '../edit/edit-review';
import type { EditTarget } from '../edit/edit-target';
import type { RowsEdit } from '../edit/edited-rows';
import { redactedOf } from '../sql/redactions';
import type { RunView } from '../state/run-view';

interface GridEditDeps {
  readonly tabId: string;
  readonly run: RunView | null;
  readonly catalog: Parameters<typeof editRequestTarget>[2];
  readonly notify: (text: string) => void;
  /** The grid takes what the write returned (run-reducer's rows-edited). */
  readonly onRowsEdited: (tabId: string, statement: number, edit: RowsEdit) => void;
  /** History keeps the edit's SQL as the engine redacted it. */
  readonly onRan: (redactedSql: string | null, result: WireScriptResult) => void;
}

/**
 * The I/O of grid edits (edit-review.ts decides the dialog's state): a request from the grid →
 * its SQL → POST /api/preview in the tab's session → Apply runs it there (POST /api/sql) → the
 * grid takes the rows the write returned.
 */
export function useGridEdit(input: GridEditDeps) {
  const [review, dispatch] = useReducer(editReviewReducer, null);
  const deps = useRef(input);
  const session = useRef(input.tabId);
  const samples = useRef(new Map<string, Promise<TableSample>>());
  useLayoutEffect(() => {
    deps.current = input;
  });

  const open = useCallback((statement: number, request: EditRequest) => {
    const { run, catalog, tabId } = deps.current;
    const found = editRequestTarget(run, statement, catalog);
    if (!found) return;
    let sql: string;
    try {
      sql = editSql(found.target, found.rows, request);
    } catch (e) {
      // edit-sql.ts writes by an item's full key or not at all.
      deps.current.notify(e instanceof Error ? e.message : String(e));
      return;
    }
    session.current = tabId;
    const { target } = found;
    const warning = target.production
      ? `${target.relation} is on server ${target.server ?? ''}, marked production: Apply writes to that account.`
      : null;
    dispatch({ type: 'opened', statement, request, title: editTitle(target, request), sql, warning });
    api.preview(sql, tabId).then(
      (answer) =>
        dispatch(
          answer.error
            ? {
                type: 'failed',
                message: answer.error.message,
                ...(answer.error.sqlstate && { sqlstate: answer.error.sqlstate }),
              }
            : { type: 'previewed', previews: answer.statements },
        ),
      (e: unknown) => dispatch({ type: 'failed', message: `The write preview failed: ${failureLine(e)}` }),
    );
  }, []);

  const reviewRef = useRef(review);
  useLayoutEffect(() => {
    reviewRef.current = review;
  });

  const apply = useCallback(async () => {
    const r = reviewRef.current;
    if (!r || r.phase !== 'ready') return;
    dispatch({ type: 'apply-started' });
    const tabId = session.current;
    try {
      const result = await api.sql(r.sql, newRequestId(), undefined, tabId);
      deps.current.onRan(redactedOf(result)?.redactedSql ?? null, result);
      if (result.error) {
        dispatch({
          type: 'failed',
          message: result.error.message,
          ...(result.error.sqlstate && { sqlstate: result.error.sqlstate }),
          partial: result.statements.some((s) => (s.rowCount ?? 0) > 0),
        });
        return;
      }
      const found = editRequestTarget(deps.current.run, r.statement, deps.current.catalog);
      const edit = found
        ? rowsEditOf(found.target, found.rows, r.request, result)
        : { problem: 'The result changed meanwhile: run the query again to see the table as it is.' };
      if ('problem' in edit) {
        dispatch({ type: 'failed', message: edit.problem });
        return;
      }
      deps.current.onRowsEdited(tabId, r.statement, edit);
      dispatch({ type: 'closed' });
      const written = result.statements.reduce((a, s) => a + (s.rowCount ?? 0), 0);
      deps.current.notify(`${r.title.split(' ')[0]}: ${written} ${written === 1 ? 'item' : 'items'} written`);
    } catch (e) {
      dispatch({ type: 'failed', message: `The edit could not run: ${failureLine(e)}` });
    }
  }, []);

  const close = useCallback(() => dispatch({ type: 'closed' }), []);

  /** DescribeTable and 20 sampled items with their RCU, once per table (the jsonb editor's DynamoDB types). */
  const sample = useCallback((t: EditTarget) => {
    const key = `${t.server}/${t.dynamoTable}`;
    let p = samples.current.get(key);
    if (!p) {
      p =
        t.server && t.dynamoTable
          ? api.describe(t.server, t.dynamoTable, 20)
          : Promise.resolve({ attributes: [], sampleSize: 0, consumedRcu: 0 });
      p.catch(() => samples.current.delete(key));
      samples.current.set(key, p);
    }
    return p;
  }, []);

  return { review, open, apply, close, sample };
}
