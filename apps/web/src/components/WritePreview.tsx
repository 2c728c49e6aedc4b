import type { Cell, WirePreviewRow, WirePreviewStatement } from '../api/wire';
import { formatCell, formatCount } from '../format/format-cell';
import {
  changedColumns,
  previewColumns,
  previewFacts,
  previewHeadline,
  previewSides,
  replacedText,
} from '../preview/write-preview';
import './write-preview.css';

interface WritePreviewProps {
  readonly statementIndex: number;
  readonly preview: WirePreviewStatement;
}

/** A cell as text: NULL for a missing or null value. */
function CellText({ value }: { value: Cell | undefined }) {
  const cell = formatCell(value ?? null, 'text');
  return <span className={`wp-val ${cell.kind}`}>{cell.display}</span>;
}

/** One sample row: a changed cell shows before → after (highlighted), the others their value. */
function SampleRow({ row, columns, command }: { row: WirePreviewRow; columns: string[]; command: string }) {
  const changed = changedColumns(row);
  const sides = previewSides(command);
  const replaces = command === 'INSERT' && row.before !== null;
  return (
    <tr className={replaces ? 'replaces' : undefined}>
      {columns.map((name) => {
        if (changed.has(name))
          return (
            <td key={name} className="changed" data-testid="wp-changed">
              <del>
                <CellText value={row.before?.[name]} />
              </del>
              <span className="arrow"> → </span>
              <ins>
                <CellText value={row.after?.[name]} />
              </ins>
            </td>
          );
        const side = sides.after && row.after ? row.after : row.before;
        return (
          <td
            key={name}
            className={command === 'DELETE' ? 'deleted' : command === 'INSERT' ? 'inserted' : ''}
          >
            <CellText value={side?.[name]} />
          </td>
        );
      })}
    </tr>
  );
}

/**
 * What one write would do, from `POST /api/preview`: the exact row count, its sample (an UPDATE's
 * changed cells before → after, a DELETE's rows as they are, an INSERT's as they will be and how
 * many of those replace an item), the estimated WCU, atomic or batched, and the read that finds
 * the rows with its RCU.
 */
export function WritePreview({ statementIndex, preview }: WritePreviewProps) {
  const columns = previewColumns(preview);
  const replaced = replacedText(preview);
  const shown = preview.sample.length;
  return (
    <section
      className={`write-preview${preview.needsConfirmation ? ' asks' : ''}`}
      data-testid="write-preview"
      data-statement={statementIndex}
    >
      <div className="wp-head">
        <span className="wp-stmt">Statement {statementIndex + 1}</span>
        <span className={`wp-cmd ${preview.command.toLowerCase()}`}>{preview.command}</span>
        <span className="wp-headline" data-testid="wp-headline">
          {previewHeadline(preview)}
        </span>
      </div>
      <code className="wp-sql">{preview.sql}</code>
      <ul className="wp-facts">
        {previewFacts(preview).map((fact) => (
          <li key={fact}>{fact}</li>
        ))}
        {replaced ? (
          <li className="wp-replaces" data-testid="wp-replaces">
            {replaced}
          </li>
        ) : null}
      </ul>
      {shown ? (
        <>
          <div className="wp-table">
            <table>
              <thead>
                <tr>
                  {columns.map((name) => (
                    <th key={name}>{name}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.sample.map((row, i) => (
                  <SampleRow key={i} row={row} columns={columns} command={preview.command} />
                ))}
              </tbody>
            </table>
          </div>
          {shown < preview.rowCount ? (
            <div className="wp-more">
              The first {formatCount(shown)} of {formatCount(preview.rowCount)} rows.
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
