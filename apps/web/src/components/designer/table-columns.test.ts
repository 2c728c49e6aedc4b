import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { TableDescription } from '../../api/wire';
import {
  alterDesigner,
  designerReducer,
  initialDesigner,
  type DesignerAction,
} from '../../designer/designer-reducer';
import { orders } from '../../test-support/catalog-fixtures';
import { designedTableSql } from '../../designer/designer-sql';
import { TableColumns } from './TableColumns';

const desc: TableDescription = {
  table: 'orders',
  partitionKey: { name: 'cid', type: 'S' },
  sortKey: null,
  indexes: [],
  itemCount: 3,
  sizeBytes: 300,
  billingMode: 'PAY_PER_REQUEST',
  sampleSize: 3,
  attributes: [{ name: 'Total-Amount', frequency: 1, types: { N: 3 }, suggestedType: 'numeric' }],
};

const designed = (actions: DesignerAction[]) =>
  actions.reduce(designerReducer, {
    ...initialDesigner([{ name: 'demo' }]),
    dynamoTable: 'orders',
    descLoading: true,
  });

const loaded: DesignerAction = {
  type: 'description-loaded',
  dynamoTable: 'orders',
  desc,
  existing: new Set(),
};

/** Issue 17, defect 3: a column renamed in the designer keeps reading its attribute. */
describe('the designer’s columns', () => {
  it('shows which attribute a renamed column reads, and nothing for a column named as its attribute', () => {
    const state = designed([loaded, { type: 'column-changed', index: 1, patch: { name: 'total' } }]);
    const html = renderToStaticMarkup(createElement(TableColumns, { state, dispatch: () => undefined }));
    const mappings = [
      ...html.matchAll(/data-testid="attribute-mapping"[^>]*>reads <code>([^<]*)<\/code>/g),
    ].map((m) => m[1]);
    expect(mappings).toEqual(['Total-Amount']);
  });

  it('creates a renamed column with the option attribute, and the rowid_column by its new name', () => {
    const state = designed([
      loaded,
      { type: 'column-changed', index: 0, patch: { name: 'customer' } },
      { type: 'column-changed', index: 1, patch: { name: 'total' } },
    ]);
    expect(designedTableSql(state)).toBe(
      [
        'create foreign table dynamodb.orders (',
        "  customer text options (attribute 'cid') not null,",
        "  total    numeric options (attribute 'Total-Amount'),",
        '  _attrs   jsonb',
        ") server demo options (table 'orders', rowid_column 'customer');",
      ].join('\n'),
    );
  });
});

describe('the designer on a foreign table DynamoDB cannot describe', () => {
  it('shows the catalog’s columns to change, says why there is no sample, and keeps the ALTER preview', () => {
    const state = designerReducer(alterDesigner(orders), {
      type: 'description-failed',
      dynamoTable: 'order-lines',
      message: 'HV00N: connect ECONNREFUSED 127.0.0.1:1 (DescribeTable order-lines)',
    });
    const html = renderToStaticMarkup(createElement(TableColumns, { state, dispatch: () => undefined }));
    expect(html).toContain('data-testid="alter-undescribed"');
    expect(html).toContain('· from the catalog');
    expect(html).toContain('aria-label="column name for status"');
    expect(html).not.toContain('Sampling');
  });
});
