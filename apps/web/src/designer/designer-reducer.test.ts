import { describe, expect, it } from 'vitest';
import { tableDescription } from '../test-support/wire-fixtures';
import {
  designerReducer,
  freeTableName,
  initialDesigner,
  type DesignerAction,
  type DesignerState,
  serverTables,
} from './designer-reducer';

const desc = tableDescription({
  table: 'Orders-2024',
  partitionKey: { name: 'customer_id', type: 'S' },
  sortKey: { name: 'order_no', type: 'N' },
  attributes: [{ name: 'total', types: { N: 10 }, frequency: 1, suggestedType: 'numeric' }],
});

const servers = [{ name: 'demo' }, { name: 'prod' }];
const apply = (s: DesignerState, ...actions: DesignerAction[]) => actions.reduce(designerReducer, s);
const listed = () =>
  apply(initialDesigner(servers), {
    type: 'tables-loaded',
    server: 'demo',
    tables: ['Orders-2024', 'users'],
  });
const described = () =>
  apply(
    listed(),
    { type: 'table-picked', dynamoTable: 'Orders-2024' },
    {
      type: 'description-loaded',
      dynamoTable: 'Orders-2024',
      desc,
      existing: new Set(['dynamodb.orders_2024']),
    },
  );

describe('designerReducer: picking', () => {
  it('opens on the first server, or on the new-server form without one', () => {
    expect(initialDesigner(servers)).toMatchObject({
      mode: 'table',
      server: 'demo',
      tables: null,
      schema: 'dynamodb',
      catchAll: true,
      catchAllName: '_attrs',
    });
    expect(initialDesigner([])).toMatchObject({ mode: 'server', server: '' });
  });

  it('lists the tables of the picked server, all ticked for import; late lists of another server are ignored', () => {
    expect(listed()).toMatchObject({ tables: ['Orders-2024', 'users'], importSel: ['Orders-2024', 'users'] });
    expect(
      designerReducer(listed(), { type: 'tables-loaded', server: 'prod', tables: ['x'] }).tables,
    ).toEqual(['Orders-2024', 'users']);
    const failure = { message: 'connect ECONNREFUSED 127.0.0.1:1', hint: 'retry later' };
    const failed = designerReducer(initialDesigner(servers), {
      type: 'tables-failed',
      server: 'demo',
      failure,
    });
    expect(failed.tablesError).toEqual(failure);
    expect(
      designerReducer(initialDesigner(servers), { type: 'tables-failed', server: 'prod', failure })
        .tablesError,
    ).toBeNull();
  });

  it('shows a failed listing as its failure in every mode, never as listing or as an empty list', () => {
    const failure = { message: 'connect ECONNREFUSED 127.0.0.1:1', hint: null };
    const failed = designerReducer(initialDesigner(servers), {
      type: 'tables-failed',
      server: 'demo',
      failure,
    });
    expect(serverTables(failed)).toEqual({ kind: 'failed', failure });
    expect(serverTables(designerReducer(failed, { type: 'mode-chosen', mode: 'import' }))).toEqual({
      kind: 'failed',
      failure,
    });
    expect(serverTables(initialDesigner(servers))).toEqual({ kind: 'listing' });
    expect(serverTables(initialDesigner([]))).toEqual({ kind: 'no-server' });
    expect(serverTables(listed())).toEqual({ kind: 'listed', tables: ['Orders-2024', 'users'] });
  });

  it('another server forgets the picked table; from the server form it goes back to tables', () => {
    const other = designerReducer(described(), { type: 'server-picked', server: 'prod' });
    expect(other).toMatchObject({ server: 'prod', tables: null, dynamoTable: '', desc: null, mode: 'table' });
    const same = designerReducer(described(), { type: 'server-picked', server: 'demo' });
    expect(same.desc).toBe(desc);
    expect(
      apply(described(), { type: 'mode-chosen', mode: 'server' }, { type: 'server-picked', server: 'demo' })
        .mode,
    ).toBe('table');
    expect(
      apply(described(), { type: 'mode-chosen', mode: 'import' }, { type: 'server-picked', server: 'demo' })
        .mode,
    ).toBe('import');
  });

  it('describes the picked table: starting columns and a free local name', () => {
    const loading = designerReducer(listed(), { type: 'table-picked', dynamoTable: 'Orders-2024' });
    expect(loading).toMatchObject({ dynamoTable: 'Orders-2024', desc: null, descLoading: true });
    expect(designerReducer(loading, { type: 'table-picked', dynamoTable: 'Orders-2024' })).toBe(loading);
    const s = described();
    expect(s).toMatchObject({ desc, descLoading: false, tableName: 'orders_2024_2' });
    expect(s.columns.map((c) => [c.name, c.type, c.keyRole])).toEqual([
      ['customer_id', 'text', 'partition'],
      ['order_no', 'numeric', 'sort'],
      ['total', 'numeric', null],
    ]);
  });

  it('ignores a description of a table no longer picked and says why one failed', () => {
    const loading = apply(
      listed(),
      { type: 'table-picked', dynamoTable: 'Orders-2024' },
      { type: 'table-picked', dynamoTable: 'users' },
    );
    expect(
      designerReducer(loading, {
        type: 'description-loaded',
        dynamoTable: 'Orders-2024',
        desc,
        existing: new Set(),
      }),
    ).toBe(loading);
    const failed = designerReducer(loading, {
      type: 'description-failed',
      dynamoTable: 'users',
      message: 'no access',
    });
    expect(failed).toMatchObject({ descLoading: false, message: { ok: false, text: 'no access' } });
    expect(
      designerReducer(loading, { type: 'description-failed', dynamoTable: 'Orders-2024', message: 'x' }),
    ).toBe(loading);
  });
});

describe('designerReducer: choices', () => {
  it('changes one column', () => {
    const before = described();
    const s = designerReducer(before, {
      type: 'column-changed',
      index: 2,
      patch: { include: false, type: 'text' },
    });
    expect(s.columns[2]).toMatchObject({ include: false, type: 'text', name: 'total' });
    expect(s.columns[0]).toBe(before.columns[0]);
  });

  it('sets the schema, name, catch-all and consistent reads', () => {
    const s = apply(
      described(),
      { type: 'text-set', key: 'schema', value: 'sales' },
      { type: 'text-set', key: 'tableName', value: 'orders' },
      { type: 'text-set', key: 'catchAllName', value: 'rest' },
      { type: 'flag-set', key: 'catchAll', value: false },
      { type: 'flag-set', key: 'consistent', value: true },
    );
    expect(s).toMatchObject({
      schema: 'sales',
      tableName: 'orders',
      catchAllName: 'rest',
      catchAll: false,
      consistent: true,
    });
  });

  it('ticks tables for import, one by one or all', () => {
    const none = designerReducer(listed(), { type: 'import-all-set', on: false });
    expect(none.importSel).toEqual([]);
    const one = apply(
      none,
      { type: 'import-toggled', table: 'users', on: true },
      { type: 'import-toggled', table: 'users', on: true },
    );
    expect(one.importSel).toEqual(['users']);
    expect(designerReducer(one, { type: 'import-toggled', table: 'users', on: false }).importSel).toEqual([]);
    expect(designerReducer(none, { type: 'import-all-set', on: true }).importSel).toEqual([
      'Orders-2024',
      'users',
    ]);
  });

  it('fills the new-server form', () => {
    const s = designerReducer(initialDesigner([]), {
      type: 'server-form-set',
      key: 'accessKeyId',
      value: 'AKIA1',
    });
    expect(s.serverForm).toMatchObject({ name: 'my_dynamodb', region: 'us-east-1', accessKeyId: 'AKIA1' });
  });
});

describe('designerReducer: running', () => {
  it('is busy while its SQL runs, then says what went wrong or nothing', () => {
    const busy = designerReducer(
      { ...described(), message: { ok: false, text: 'old' } },
      { type: 'submitted' },
    );
    expect(busy).toMatchObject({ busy: true, message: null });
    expect(designerReducer(busy, { type: 'failed', message: '42P07: exists' })).toMatchObject({
      busy: false,
      message: { ok: false, text: '42P07: exists' },
    });
    expect(designerReducer(busy, { type: 'succeeded' })).toMatchObject({ busy: false, message: null });
  });

  it('a created server is picked and its tables listed', () => {
    const s = apply(
      initialDesigner(servers),
      { type: 'mode-chosen', mode: 'server' },
      { type: 'submitted' },
      { type: 'server-created', name: 'e2e' },
    );
    expect(s).toMatchObject({
      busy: false,
      mode: 'table',
      server: 'e2e',
      tables: null,
      message: { ok: true, text: 'Server e2e created.' },
    });
  });
});

describe('freeTableName', () => {
  it('makes a local name and numbers it past existing ones', () => {
    expect(freeTableName('Orders-2024', 'dynamodb', new Set())).toBe('orders_2024');
    expect(freeTableName('users', 'dynamodb', new Set(['dynamodb.users', 'dynamodb.users_2']))).toBe(
      'users_3',
    );
    expect(freeTableName('users', 'other', new Set(['dynamodb.users']))).toBe('users');
  });
});
