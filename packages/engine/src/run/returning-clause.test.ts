import { beforeAll, describe, expect, it } from 'vitest';
import { applySplices } from '../bind/splice';
import { loadParser } from '../parse/parse';
import { engineColumnsFirst, returningAlone, statementTail } from './returning-clause';

describe('returning-clause', () => {
  beforeAll(() => loadParser());

  it('cuts an INSERT before ON CONFLICT and finds its RETURNING list where it stands', () => {
    const text = 'insert into t values (1) on conflict do nothing returning n / 0 -- last';
    expect(statementTail(text, true)).toEqual({
      head: 'insert into t values (1)',
      returning: { text: 'n / 0', start: 58, clause: 48 },
    });
    expect(statementTail('insert into t values (1) on conflict do nothing', true)).toEqual({
      head: 'insert into t values (1)',
      returning: null,
    });
  });

  it("keeps Postgres 18's RETURNING WITH (OLD AS o, NEW AS n) before the list, where the engine's columns go after it", () => {
    const text = 'delete from t returning with (old as o) o.n';
    const tail = statementTail(text, false);
    expect(tail).toEqual({ head: 'delete from t', returning: { text: 'o.n', start: 40, clause: 14 } });
    expect(applySplices(text, [engineColumnsFirst(tail, ['ctid'])]).text).toBe(
      'delete from t returning with (old as o) ctid, o.n',
    );
  });

  it('ends the head at its last token: a comment after it would hide what the engine adds', () => {
    const text = 'delete from t where k = 1 -- the last one\n';
    const tail = statementTail(text, false);
    expect(tail.head).toBe('delete from t where k = 1');
    expect(applySplices(text, [engineColumnsFirst(tail, ['ctid'])]).text).toBe(
      'delete from t where k = 1 returning ctid -- the last one\n',
    );
    expect(statementTail('insert into t values (1) /* c */ on /* c */ conflict do nothing', true).head).toBe(
      'insert into t values (1)',
    );
  });

  it("leaves a RETURNING inside parentheses (a subquery's) and ON CONFLICT of a statement that is no INSERT", () => {
    const text = `update t set n = (select 1 from u where exists (select 1 returning)) where k = 'on conflict'`;
    expect(statementTail(text, false)).toEqual({ head: text, returning: null });
  });

  it("puts the engine's columns first in RETURNING, or adds one", () => {
    const text = 'delete from t where k = 1 returning n';
    const tail = statementTail(text, false);
    const withCtid = applySplices(text, [engineColumnsFirst(tail, ['t.ctid::text'])]);
    expect(withCtid.text).toBe('delete from t where k = 1 returning t.ctid::text, n');
    // The user's n, at 51 in the host's text, is at 37 in theirs.
    expect(withCtid.originalPosition(51)).toBe(37);
    const bare = 'delete from t where k = 1';
    expect(applySplices(bare, [engineColumnsFirst(statementTail(bare, false), ['ctid'])]).text).toBe(
      'delete from t where k = 1 returning ctid',
    );
  });

  it('makes the RETURNING list a SELECT of its own, positions mapped back', () => {
    const text = 'insert into t values (1)\n  returning a,\n  nosuch -- c';
    const tail = statementTail(text, true);
    const select = returningAlone(text, tail.returning!, 'select ', 'from pg_temp.t');
    expect(select.text).toBe('select a,\n  nosuch from pg_temp.t');
    expect(select.originalPosition(select.text.indexOf('nosuch') + 1)).toBe(text.indexOf('nosuch') + 1);
  });
});
