import { useState } from 'react';
import type { Cell } from '../api/wire';
import { editorKind, parseEditorText } from '../edit/editor-value';
import type { EditTarget } from '../edit/edit-target';
import { shortType } from '../plan/plan-view';
import { KeyBadge } from './KeyBadge';
import { Modal } from './Modal';

interface AddRowDialogProps {
  readonly target: EditTarget;
  readonly onCommit: (values: ReadonlyMap<string, Cell>) => void;
  readonly onClose: () => void;
}

/** A field's text, or null while it is SQL NULL (the attribute is not written). */
type Fields = Readonly<Record<string, string | null>>;

/**
 * A new item: one typed field per column of the table (keys first and required), each SQL NULL
 * until something is typed; checked as the cell editor checks, then on to the INSERT's SQL.
 */
export function AddRowDialog({ target, onCommit, onClose }: AddRowDialogProps) {
  const columns = [...target.tableColumns].sort((a, b) => Number(!a.keyRole) - Number(!b.keyRole));
  const [fields, setFields] = useState<Fields>(() =>
    Object.fromEntries(columns.map((c) => [c.name, c.keyRole ? '' : null])),
  );
  const checked = columns.map((c) => {
    const text = fields[c.name] ?? null;
    if (text === null) return { c, ok: true as const, value: null as Cell };
    return { c, ...parseEditorText(text, c.type) };
  });
  const ok = checked.every((x) => x.ok);
  const set = (name: string, text: string | null) => setFields((f) => ({ ...f, [name]: text }));
  const submit = () => {
    if (!ok) return;
    onCommit(new Map(checked.map((x) => [x.c.name, x.ok ? x.value : null])));
  };
  return (
    <Modal
      title={`Add an item to ${target.relation}`}
      subtitle="An INSERT (PutItem): an item with the same key is replaced — the preview says so."
      label="Add an item"
      size="mid"
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            Cancel
          </button>
          <button className="btn primary" onClick={submit} disabled={!ok} data-testid="add-row-ok">
            Review SQL
          </button>
        </>
      }
    >
      <form
        className="dialog-body add-row"
        data-testid="add-row"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        {checked.map((x) => {
          const { c } = x;
          const text = fields[c.name] ?? null;
          const kind = editorKind(c.type);
          const input = {
            value: text ?? '',
            placeholder: text === null ? 'NULL' : '',
            onChange: (e: { target: { value: string } }) => set(c.name, e.target.value),
            'aria-label': c.name,
            'data-testid': `add-row-${c.name}`,
            spellCheck: false,
          };
          return (
            <div key={c.name} className={`ar-field${x.ok ? '' : ' bad'}`}>
              <label className="ar-label">
                <span className="ar-name">{c.name}</span>
                <KeyBadge role={c.keyRole} catchAll={c.catchAll} />
                <span className="ar-type">{shortType(c.type)}</span>
              </label>
              <div className="ar-input">
                {kind === 'boolean' ? (
                  <select {...input} onChange={(e) => set(c.name, e.target.value || null)}>
                    <option value="">NULL</option>
                    <option value="true">true</option>
                    <option value="false">false</option>
                  </select>
                ) : kind === 'json' ? (
                  <textarea {...input} rows={3} />
                ) : (
                  <input {...input} />
                )}
                {!c.keyRole && text !== null ? (
                  <button
                    type="button"
                    className="btn sm ghost"
                    onClick={() => set(c.name, null)}
                    title="SQL NULL: the item gets no such attribute"
                  >
                    NULL
                  </button>
                ) : null}
              </div>
              {x.ok ? null : <div className="ar-error">Expected {x.error}</div>}
            </div>
          );
        })}
        <button type="submit" hidden />
      </form>
    </Modal>
  );
}
