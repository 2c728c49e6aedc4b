import type { FailureText } from '../api/failure-text';

/** An API failure on screen: its message and hint (failure-text.ts words them). */
export function ErrorCallout({
  failure,
  testId,
}: {
  readonly failure: FailureText;
  readonly testId?: string;
}) {
  return (
    <div className="callout err" role="alert" data-testid={testId}>
      <div className="msg">{failure.message}</div>
      {failure.hint ? <div className="hint">Hint: {failure.hint}</div> : null}
    </div>
  );
}
