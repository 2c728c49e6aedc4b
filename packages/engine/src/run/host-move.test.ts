import type { FetchStmt } from '@pgsql/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { as } from '../parse/ast';
import { loadParser, parseOne } from '../parse/parse';
import { moveArguments } from './host-move';

beforeAll(() => loadParser());

const args = (sql: string) => moveArguments(as(parseOne(sql), 'FetchStmt') as FetchStmt);

describe('moveArguments', () => {
  it.each([
    ['move 3 in c', ['c', 'forward', 3]],
    ['move in c', ['c', 'forward', 1]],
    ['move 0 in c', ['c', 'forward', 0]],
    ['move next from c', ['c', 'forward', 1]],
    ['move forward -2 in c', ['c', 'forward', -2]],
    ['move all in c', ['c', 'forward all', 0]],
    ['move forward all in c', ['c', 'forward all', 0]],
    ['move prior in c', ['c', 'backward', 1]],
    ['move backward 4 in c', ['c', 'backward', 4]],
    ['move backward all in c', ['c', 'backward all', 0]],
    ['move first in c', ['c', 'absolute', 1]],
    ['move last in c', ['c', 'absolute', -1]],
    ['move absolute 0 in c', ['c', 'absolute', 0]],
    ['move relative -2 in "My Cursor"', ['My Cursor', 'relative', -2]],
  ])('%s → %j', (sql, expected) => {
    expect(args(sql)).toEqual(expected);
  });
});
