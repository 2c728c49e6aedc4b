import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { inspection } from '../../test-support/inspection-fixture';
import { DropDialog } from './DropDialog';
import { InspectionView } from './TableInspector';

describe('InspectionView', () => {
  it('renders every fact, a refused call as unavailable, and each index', () => {
    const html = renderToStaticMarkup(createElement(InspectionView, { inspection }));
    expect(html).toContain('<dd data-fact="Partition key">customer_id (S)</dd>');
    expect(html).toMatch(
      /<dd class="unavailable" data-fact="Point-in-time recovery">unavailable: UnknownOperationException/,
    );
    expect(html).toContain('about every 6 hours');
    expect(html.match(/<tr>/g)).toHaveLength(3); // the head and two indexes
    expect(html).toContain('<td>INCLUDE total, items</td>');
  });
});

describe('DropDialog', () => {
  it('shows the statement before anything runs, without CASCADE until asked', () => {
    const html = renderToStaticMarkup(
      createElement(DropDialog, {
        node: { kind: 'schema', schema: 'sales' },
        runSql: () => Promise.reject(new Error('nothing runs while rendering')),
        onDropped: () => undefined,
        onClose: () => undefined,
      }),
    );
    expect(html).toContain('Drop sales?');
    expect(html).toMatch(/data-testid="drop-sql">.*drop.*schema.*sales;<\/pre>/);
    expect(html).not.toMatch(/cascade;/);
    expect(html).toContain('CASCADE also drops every table, foreign table and view in this schema.');
  });
});
