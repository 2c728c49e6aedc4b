import { describe, expect, it } from 'vitest';
import type { RangeVarFields } from './range-vars';
import { starColumns, visibleColumns, visibleNames } from './visible-columns';

/** `ev` with a FROM column alias list (`ev e(a, b)`), as the parser gives it. */
function rv(...aliases: string[]): RangeVarFields {
  return {
    relname: 'ev',
    location: 0,
    ...(aliases.length
      ? { alias: { aliasname: 'e', colnames: aliases.map((sval) => ({ String: { sval } })) } }
      : {}),
  } as RangeVarFields;
}

const COLS = [{ name: 'id' }, { name: 'device' }, { name: 'kind' }];

describe('visibleColumns', () => {
  it('keeps the declared names without an alias list', () => {
    expect([...visibleColumns(rv(), COLS)].map(([n, c]) => `${n}=${c.name}`)).toEqual([
      'id=id',
      'device=device',
      'kind=kind',
    ]);
  });

  it('renames the first columns by position; a declared name an alias took is not visible', () => {
    expect([...visibleColumns(rv('device', 'id'), COLS)].map(([n, c]) => `${n}=${c.name}`)).toEqual([
      'device=id',
      'id=device',
      'kind=kind',
    ]);
  });

  it('leaves out a name two columns have (a reference to it is ambiguous: 42702)', () => {
    const visible = visibleColumns(rv('kind'), COLS);
    expect(visible.has('kind')).toBe(false);
    expect([...visible].map(([n, c]) => `${n}=${c.name}`)).toEqual(['device=device']);
  });
});

describe('visibleNames and starColumns', () => {
  it('list every column in order, a name two columns have twice', () => {
    expect(visibleNames(rv('kind'), ['id', 'device', 'kind'])).toEqual(['kind', 'device', 'kind']);
    expect(starColumns(rv('kind'), COLS).map((c) => `${c.name}=${c.def.name}`)).toEqual([
      'kind=id',
      'device=device',
      'kind=kind',
    ]);
  });
});
