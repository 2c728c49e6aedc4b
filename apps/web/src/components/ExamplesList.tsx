import type { ExampleSnippet } from '../api/wire';
import { pickableProps } from './pickable-props';

/** The server's example queries; clicking one (or Enter on it) opens it in a new tab. */
export function ExamplesList({
  examples,
  error,
  onPick,
}: {
  examples: readonly ExampleSnippet[] | null;
  /** Why the examples could not be loaded. */
  error: string | null;
  onPick: (e: ExampleSnippet) => void;
}) {
  if (error)
    return (
      <div className="tree-empty" style={{ color: 'var(--danger)' }} role="alert">
        Examples unavailable: {error}
      </div>
    );
  if (!examples) return <div className="tree-empty">Loading examples…</div>;
  if (!examples.length)
    return (
      <div className="tree-empty" data-testid="examples-none">
        No examples on this server: it runs without the demo. Add your DynamoDB with the + beside Servers in
        Explorer.
      </div>
    );
  return (
    <div data-testid="examples">
      {examples.map((e, i) => (
        <div
          key={i}
          className="history-item example"
          {...pickableProps(() => onPick(e))}
          title="Open in a new tab"
        >
          <div className="example-title">{e.title || `Example ${i + 1}`}</div>
          {e.description ? <div className="example-desc">{e.description}</div> : null}
        </div>
      ))}
    </div>
  );
}
