import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { JsonNull } from '../api/lossless-json';
import type { Cell } from '../api/wire';
import { sampleLine, type TableSample } from '../designer/sample-line';
import { memberTypes } from '../edit/dynamo-types';
import { editorKind, editorText, parseEditorText } from '../edit/editor-value';
import type { EditColumn } from '../edit/edit-target';
import { Icon } from './Icon';
import { PopupMenu } from './PopupMenu';

interface CellEditorProps {
  readonly column: EditColumn;
  readonly value: Cell;
  /** Where the cell is on screen (the editor opens under it, or over it when there is no room below). */
  readonly anchor: {
    readonly left: number;
    readonly top: number;
    readonly bottom: number;
    readonly width: number;
  };
  /** DynamoDB's sample of the table's attributes (DescribeTable + a few items), for the jsonb editor. */
  readonly onSample?: () => Promise<TableSample>;
  readonly onCommit: (value: Cell) => void;
  readonly onCancel: () => void;
}

const HINT: Record<ReturnType<typeof editorKind>, string> = {
  boolean: 'true or false',
  integer: 'a whole number, as text (no rounding)',
  number: 'a number, digits as written (never rounded)',
  date: 'YYYY-MM-DD (written to DynamoDB as an ISO 8601 string)',
  timestamp: 'YYYY-MM-DD HH:MM:SS[.ffffff][+00] (an ISO 8601 string in DynamoDB)',
  json: 'JSON; null is a JSON null, “Set NULL” removes the value',
  bytea: 'hex bytes, \\x00ff (a B attribute in DynamoDB)',
  text: 'text (an S attribute in DynamoDB)',
};

/** The jsonb editor's member list: each member's DynamoDB type as written, and as the sample holds it. */
function MemberTypes({ text, onSample }: { text: string; onSample?: () => Promise<TableSample> }) {
  const [sample, setSample] = useState<TableSample | null>(null);
  const sampled = sample?.attributes ?? null;
  const [sampleError, setSampleError] = useState<string | null>(null);
  const parsed = parseEditorText(text, 'jsonb');
  const members =
    parsed.ok && !(parsed.value instanceof JsonNull) ? memberTypes(parsed.value, sampled ?? []) : [];
  if (!members.length) return null;
  return (
    <div className="ce-types" data-testid="cell-editor-types">
      <table>
        <thead>
          <tr>
            <th>Attribute</th>
            <th title="The DynamoDB type this value writes (the catch-all is spread into attributes)">
              Writes
            </th>
            {sampled ? <th title="Types DynamoDB's sample of the table holds">In the sample</th> : null}
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.name} className={m.changes ? 'changes' : undefined} data-testid="member-type">
              <td>{m.name}</td>
              <td>
                <span className="ddb-type">{m.written}</span>
              </td>
              {sampled ? (
                <td>
                  {m.sampled.length
                    ? m.sampled.map((t) => (
                        <span key={t} className="ddb-type">
                          {t}
                        </span>
                      ))
                    : '—'}
                  {m.changes ? <span className="ce-warn"> type changes</span> : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {!sampled && members.some((m) => m.written === 'L') ? (
        <div className="ce-hint" data-testid="cell-editor-list-note">
          An array writes L (a list): a string, number or binary set (SS, NS, BS) reads as an array too and
          would be written back as a list.
        </div>
      ) : null}
      {onSample && !sampled ? (
        <button
          className="btn sm ghost"
          onClick={() =>
            void onSample().then(setSample, (e: unknown) => setSampleError((e as Error).message))
          }
          data-testid="cell-editor-sample"
          title="DescribeTable and a sample of 20 items: their RCU is read from the table"
        >
          Compare with a sample of the table (reads 20 items)
        </button>
      ) : null}
      {sample ? (
        <div className="ce-hint" data-testid="cell-editor-sampled">
          The table&apos;s DynamoDB sample: {sampleLine(sample)}
        </div>
      ) : null}
      {sampleError ? <div className="ce-error">{sampleError}</div> : null}
    </div>
  );
}

/**
 * A cell's typed editor, under the cell: a text field checked as Postgres will read it (numbers
 * stay text), true/false for booleans, a JSON area with each member's DynamoDB type for jsonb, hex
 * for bytea. Enter (Ctrl+Enter in a text area) goes on to the SQL; Escape cancels.
 */
export function CellEditor({ column, value, anchor, onSample, onCommit, onCancel }: CellEditorProps) {
  const kind = editorKind(column.type);
  const [text, setText] = useState(() => editorText(value, column.type));
  const multiline = kind === 'json' || (kind === 'text' && /\n/.test(text));
  const parsed = useMemo(() => parseEditorText(text, column.type), [text, column.type]);
  const ref = useRef<HTMLTextAreaElement & HTMLInputElement & HTMLSelectElement>(null);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select?.();
  }, []);
  const commit = () => parsed.ok && onCommit(parsed.value);
  const onKeyDown = (e: React.KeyboardEvent) => {
    e.stopPropagation();
    if (e.key === 'Escape') onCancel();
    else if (e.key === 'Enter' && (!multiline || e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      commit();
    }
  };
  const width = Math.max(anchor.width, multiline ? 460 : 280);
  // The popup's padding and border (grid-edit.css .cell-editor) come on top of the body's width.
  const left = Math.max(8, Math.min(anchor.left, window.innerWidth - width - 30));
  const box = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(anchor.bottom + 2);
  useLayoutEffect(() => {
    const height = box.current?.offsetHeight ?? 0;
    const below = anchor.bottom + 2;
    setTop(below + height <= window.innerHeight - 8 ? below : Math.max(8, anchor.top - 2 - height));
  }, [anchor.top, anchor.bottom, multiline]);
  return (
    <PopupMenu
      menuRef={box}
      className="cell-editor"
      left={left}
      top={top}
      onClose={onCancel}
      role="dialog"
      label={`Edit ${column.name}`}
      testId="cell-editor"
    >
      <div className="ce-body" style={{ width }}>
        <div className="ce-head">
          <b>{column.name}</b> <span className="ce-type">{column.type}</span>
        </div>
        {kind === 'boolean' ? (
          <select
            ref={ref}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onKeyDown}
            data-testid="cell-editor-input"
          >
            <option value="true">true</option>
            <option value="false">false</option>
            {text === '' ? <option value="">(NULL)</option> : null}
          </select>
        ) : multiline ? (
          <textarea
            ref={ref}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onKeyDown}
            rows={Math.min(14, Math.max(5, text.split('\n').length + 1))}
            spellCheck={false}
            data-testid="cell-editor-input"
          />
        ) : (
          <input
            ref={ref}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onKeyDown}
            spellCheck={false}
            inputMode={kind === 'integer' || kind === 'number' ? 'decimal' : undefined}
            placeholder={value === null ? 'NULL' : undefined}
            data-testid="cell-editor-input"
          />
        )}
        <div className={`ce-hint${parsed.ok ? '' : ' bad'}`} data-testid="cell-editor-hint">
          {parsed.ok ? HINT[kind] : `Expected ${parsed.error}`}
        </div>
        {kind === 'json' ? <MemberTypes text={text} onSample={onSample} /> : null}
        <div className="ce-foot">
          {column.notNull ? null : (
            <button
              className="btn sm ghost"
              onClick={() => onCommit(null)}
              title="SQL NULL: the attribute is removed from the item"
              data-testid="cell-editor-null"
            >
              Set NULL
            </button>
          )}
          <span className="spacer" />
          <button className="btn sm ghost" onClick={onCancel}>
            Cancel
          </button>
          <button
            className="btn sm primary"
            onClick={commit}
            disabled={!parsed.ok}
            data-testid="cell-editor-ok"
          >
            <Icon name="pencil" size={12} /> Review SQL
          </button>
        </div>
      </div>
    </PopupMenu>
  );
}
