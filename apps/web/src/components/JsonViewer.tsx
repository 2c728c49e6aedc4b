import type { ReactNode } from 'react';
import { LosslessNumber, stringifyLossless, type JsonValue } from '../api/lossless-json';
import { Icon } from './Icon';
import { Modal } from './Modal';

function render(value: JsonValue, depth: number): ReactNode {
  const pad = '  '.repeat(depth);
  if (value === null) return <span className="z">null</span>;
  if (value instanceof LosslessNumber || typeof value === 'number')
    return <span className="n">{String(value)}</span>;
  if (typeof value === 'boolean') return <span className="b">{String(value)}</span>;
  if (typeof value === 'string') return <span className="s">{JSON.stringify(value)}</span>;
  if (Array.isArray(value)) {
    if (!value.length) return '[]';
    return (
      <>
        {'[\n'}
        {value.map((v, i) => (
          <span key={i}>
            {pad}
            {'  '}
            {render(v, depth + 1)}
            {i < value.length - 1 ? ',\n' : '\n'}
          </span>
        ))}
        {pad}]
      </>
    );
  }
  const keys = Object.keys(value);
  if (!keys.length) return '{}';
  return (
    <>
      {'{\n'}
      {keys.map((k, i) => (
        <span key={k}>
          {pad}
          {'  '}
          <span className="k">{JSON.stringify(k)}</span>: {render(value[k]!, depth + 1)}
          {i < keys.length - 1 ? ',\n' : '\n'}
        </span>
      ))}
      {pad}
      {'}'}
    </>
  );
}

/** A JSON cell, pretty-printed with every digit, with copy. */
export function JsonViewer({
  title,
  value,
  onClose,
  onCopy,
}: {
  title: string;
  value: JsonValue;
  onClose: () => void;
  onCopy: (text: string) => void;
}) {
  return (
    <Modal
      label="JSON viewer"
      title={title}
      subtitle="jsonb value · numbers keep all their digits"
      size="mid"
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={() => onCopy(stringifyLossless(value, 2))}>
            <Icon name="copy" size={12} /> Copy
          </button>
          <button className="btn primary" onClick={onClose}>
            Close
          </button>
        </>
      }
    >
      <div className="dialog-body">
        <pre className="json-view" data-testid="json-viewer">
          {render(value, 0)}
        </pre>
      </div>
    </Modal>
  );
}
