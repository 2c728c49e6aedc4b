import { meaningfulTokens, type SqlToken } from '../sql/scan-sql';

/** A relation named in a statement, with the alias it goes by. */
export interface RelationRef {
  readonly schema: string | null;
  readonly name: string;
  readonly alias: string | null;
}

const INTRODUCERS = new Set(['from', 'join', 'update', 'into']);
const NOT_ALIAS = new Set([
  'where',
  'on',
  'join',
  'left',
  'right',
  'inner',
  'outer',
  'full',
  'cross',
  'group',
  'order',
  'limit',
  'set',
  'values',
  'using',
  'natural',
  'union',
  'having',
  'offset',
  'returning',
  'lateral',
  'except',
  'intersect',
]);

/** An identifier token's name: `"userId"` → `userId`, `Users` → `users`. */
export function identName(token: SqlToken): string | null {
  if (token.kind === 'quoted-ident') return token.text.slice(1, -1).replace(/""/g, '"');
  if (token.kind === 'word') return token.text.toLowerCase();
  return null;
}

/**
 * Relations a statement reads or writes, from `FROM/JOIN/UPDATE/INTO [schema.]name [[AS] alias]`
 * and comma lists after FROM. `select * from dynamodb.users u` → [{schema:'dynamodb', name:'users', alias:'u'}]
 */
export function relationsInScope(sql: string): RelationRef[] {
  const tokens = meaningfulTokens(sql);
  const refs: RelationRef[] = [];
  let i = 0;
  const readRef = (): boolean => {
    const first = tokens[i];
    if (!first) return false;
    const firstName = identName(first);
    if (!firstName || (first.kind === 'word' && (NOT_ALIAS.has(firstName) || firstName === 'select')))
      return false;
    i++;
    let schema: string | null = null;
    let name = firstName;
    if (tokens[i]?.text === '.' && tokens[i + 1]) {
      const second = identName(tokens[i + 1]!);
      if (second) {
        schema = firstName;
        name = second;
        i += 2;
      }
    }
    let alias: string | null = null;
    if (tokens[i]?.kind === 'word' && tokens[i]!.text.toLowerCase() === 'as') i++;
    const maybe = tokens[i];
    if (maybe) {
      const aliasName = identName(maybe);
      if (aliasName && !(maybe.kind === 'word' && NOT_ALIAS.has(aliasName))) {
        alias = aliasName;
        i++;
      }
    }
    refs.push({ schema, name, alias });
    return true;
  };
  while (i < tokens.length) {
    const t = tokens[i]!;
    i++;
    if (t.kind !== 'word' || !INTRODUCERS.has(t.text.toLowerCase())) continue;
    if (t.text.toLowerCase() === 'from' && tokens[i]?.text === '(') continue;
    if (!readRef()) continue;
    while (tokens[i]?.text === ',') {
      i++;
      if (!readRef()) break;
    }
  }
  return refs;
}
