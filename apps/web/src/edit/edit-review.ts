import type { WirePreviewStatement } from '../api/wire';
import type { EditRequest } from './edit-request';
import { previewMismatch } from './preview-mismatch';

/** An edit on its way: shown as SQL, previewed (POST /api/preview), then run or dropped. */
export interface EditReview {
  /** The result (statement index) whose rows it edits. */
  readonly statement: number;
  readonly request: EditRequest;
  readonly title: string;
  readonly sql: string;
  /** Said above the SQL: the table's server is production. */
  readonly warning: string | null;
  /** `blocked`: previewed, but the preview does not match the edit (`blocked` says why): no Apply. */
  readonly phase: 'previewing' | 'ready' | 'blocked' | 'applying' | 'failed';
  readonly previews: readonly WirePreviewStatement[];
  /** Why the edit may not be applied: its preview changes other than the items edited (preview-mismatch.ts). */
  readonly blocked: string | null;
  /** Why the preview or the run failed (with its SQLSTATE when the engine gave one). */
  readonly error: { readonly message: string; readonly sqlstate?: string } | null;
  /** The run failed after some statements wrote (a multi-statement DELETE): the grid must be re-queried. */
  readonly partial: boolean;
}

export type EditReviewAction =
  | {
      readonly type: 'opened';
      readonly statement: number;
      readonly request: EditRequest;
      readonly title: string;
      readonly sql: string;
      readonly warning: string | null;
    }
  | { readonly type: 'previewed'; readonly previews: readonly WirePreviewStatement[] }
  | {
      readonly type: 'failed';
      readonly message: string;
      readonly sqlstate?: string;
      readonly partial?: boolean;
    }
  | { readonly type: 'apply-started' }
  | { readonly type: 'closed' };

/**
 * Decides the review: a new edit replaces any other; Apply only once previewed, and only when the
 * preview changes the items edited (an update of 1 item whose preview changes 10 rows is blocked);
 * a failure keeps the SQL shown.
 */
export function editReviewReducer(s: EditReview | null, a: EditReviewAction): EditReview | null {
  switch (a.type) {
    case 'opened':
      return {
        statement: a.statement,
        request: a.request,
        title: a.title,
        sql: a.sql,
        warning: a.warning,
        phase: 'previewing',
        previews: [],
        blocked: null,
        error: null,
        partial: false,
      };
    case 'previewed': {
      if (!s || s.phase !== 'previewing') return s;
      const blocked = previewMismatch(s.request, a.previews);
      return { ...s, phase: blocked ? 'blocked' : 'ready', previews: a.previews, blocked };
    }
    case 'apply-started':
      return s && s.phase === 'ready' ? { ...s, phase: 'applying' } : s;
    case 'failed':
      return s
        ? {
            ...s,
            phase: 'failed',
            error: { message: a.message, ...(a.sqlstate && { sqlstate: a.sqlstate }) },
            partial: a.partial ?? false,
          }
        : s;
    case 'closed':
      return null;
  }
}
