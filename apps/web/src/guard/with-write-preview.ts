import type { WirePreviewStatement } from '../api/wire';
import type { previewNeed } from '../preview/write-preview';
import type { GuardDecision, GuardReason } from './cost-guard';

/** Whether a reason asks before the script runs: every reason does but a preview that needs no confirmation. */
export function asks(reason: GuardReason): boolean {
  return reason.kind !== 'write-preview' || reason.preview.needsConfirmation;
}

/**
 * The guard's decision with the API's write previews (`POST /api/preview`) of the script's writes,
 * each with its statement's index: a previewed statement's exact count replaces the guard's
 * "UPDATE/DELETE without WHERE" reason (the preview's `needsConfirmation` decides: more than
 * `dynascope.confirm_writes_over` rows, or a DELETE without WHERE), and the dialog, when anything
 * asks, shows every previewed write. A script whose previews need no confirmation and that nothing
 * else asks about runs without a question.
 *   update orders set status = 'held' where customer_id = 'c1' (3 rows, threshold 1) → confirm
 *   update users set age = 31 where user_id = 'u1' (1 row) → no question
 */
export function withWritePreview(
  decision: GuardDecision,
  previews: readonly { readonly statementIndex: number; readonly preview: WirePreviewStatement }[],
  /** `too-expensive`: the writes were not previewed (preview/write-preview.ts previewNeed), the dialog says so. */
  need: ReturnType<typeof previewNeed> = 'preview',
): GuardDecision {
  const previewed = new Set(previews.map((p) => p.statementIndex));
  const reasons: GuardReason[] = [
    ...decision.reasons.filter((r) => !(r.kind === 'unfiltered-write' && previewed.has(r.statementIndex))),
    ...previews.map((p) => ({ kind: 'write-preview' as const, ...p })),
  ].sort((a, b) => a.statementIndex - b.statementIndex);
  return {
    ...decision,
    reasons,
    confirm: reasons.some(asks),
    ...(need === 'too-expensive' && { writesNotPreviewed: true }),
  };
}
