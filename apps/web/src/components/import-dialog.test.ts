import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { importReducer, initialImport, type ImportAction } from '../copy/import-reducer';
import { ImportDialog } from './ImportDialog';

const state = (actions: ImportAction[]) => actions.reduce(importReducer, initialImport);
const chosen: ImportAction[] = [{ type: 'fileChosen', name: 'users.csv', size: 2048 }];

const render = (actions: ImportAction[]) =>
  renderToStaticMarkup(
    createElement(ImportDialog, {
      table: 'public.users',
      state: state(actions),
      sql: 'copy public.users (user_id, age) from stdin (format csv, header true)',
      onChoose: () => undefined,
      onOptions: () => undefined,
      onCheck: () => undefined,
      onImport: () => undefined,
      onCancel: () => undefined,
      onClose: () => undefined,
    }),
  );

describe('ImportDialog', () => {
  it('asks for a file first: Check is off, no SQL yet', () => {
    const html = render([]);
    expect(html).toContain('Import into public.users');
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*data-testid="import-check"/);
    expect(html).not.toContain('data-testid="import-sql"');
    expect(html).not.toContain('data-testid="import-run"');
  });

  it('shows the COPY it will run and the upload’s progress, with Cancel', () => {
    const html = render([
      ...chosen,
      { type: 'started', phase: 'checking' },
      { type: 'sent', run: 1, bytes: 1024 },
    ]);
    expect(html).toContain('copy public.users (user_id, age) from stdin (format csv, header true)');
    expect(html).toContain('Checking users.csv: 1.0 KiB of 2.0 KiB sent');
    expect(html).toContain('style="width:50%"');
    expect(html).toContain('data-testid="import-cancel"');
    expect(html).not.toContain('data-testid="import-check"');
  });

  it('shows the checked rows as they will be written, the WCU with the indexes, and Import', () => {
    const html = render([
      ...chosen,
      { type: 'started', phase: 'checking' },
      {
        type: 'checked',
        run: 1,
        preview: {
          command: 'COPY',
          rowCount: 3000,
          estimatedWcu: 6000,
          table: 'users',
          indexes: ['by_email'],
          sample: [{ user_id: { S: 'u1' }, age: { N: '30' } }, { user_id: { S: 'u2' } }],
        },
      },
    ]);
    expect(html).toContain('<b data-testid="import-rows">3,000</b> rows');
    expect(html).toContain('~<b data-testid="import-wcu">6,000</b> WCU to users and its indexes by_email');
    expect(html).toContain('<th>user_id</th><th>age</th>');
    expect(html).toContain('<td title="u2">u2</td><td class="missing">missing</td>');
    expect(html).toContain('data-testid="import-run">Import 3,000 rows</button>');
  });

  it('shows an error with the line and column it names', () => {
    const html = render([
      ...chosen,
      { type: 'started', phase: 'checking' },
      {
        type: 'failed',
        run: 1,
        error: {
          message: 'invalid input syntax for type integer: "abc"',
          context: 'COPY users, line 1501, column age: "abc"',
          hint: null,
        },
      },
    ]);
    expect(html).toContain('role="alert"');
    expect(html).toContain('invalid input syntax for type integer: &quot;abc&quot;');
    expect(html).toContain(
      '<code data-testid="import-error-context">COPY users, line 1501, column age: &quot;abc&quot;</code>',
    );
  });

  it('shows the rows written of all, the WCU and the rate while importing, with Cancel; then how many a cancel left', () => {
    const checked: ImportAction[] = [
      ...chosen,
      { type: 'started', phase: 'checking' },
      {
        type: 'checked',
        run: 1,
        preview: {
          command: 'COPY',
          rowCount: 3000,
          estimatedWcu: 3000,
          table: 'users',
          indexes: [],
          sample: [],
        },
      },
      { type: 'started', phase: 'importing' },
      {
        type: 'progress',
        run: 2,
        progress: {
          phase: 'writing',
          bytesRead: 2048,
          rowsRead: 3000,
          rowCount: 3000,
          rowsChecked: 3000,
          rowsWritten: 750,
          consumedWcu: 752,
          wcuPerSecond: 19.5,
          maxWcuPerSecond: 20,
        },
      },
    ];
    const html = render(checked);
    expect(html).toContain('Writing to DynamoDB: 750 of 3,000 rows · 752 WCU · 19.5 / 20 WCU/s');
    expect(html).toContain('style="width:25%"');
    expect(html).toContain('data-testid="import-cancel"');
    const cancelled = render([...checked, { type: 'cancelled', run: 2 }]);
    expect(cancelled).toContain(
      'Cancelled after 750 of 3,000 rows were written. They stay; importing the same file again completes it.',
    );
    expect(cancelled).not.toContain('data-testid="import-progress"');
  });
});
