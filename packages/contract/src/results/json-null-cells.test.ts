import { describe, expect, it } from 'vitest';
import { JSON_NULL } from '../json/json-null';
import { JsonText } from '../json/json-text';
import { parseLosslessJson, stringifyLossless } from '../json/lossless-json';
import {
  jsonNullCells,
  receivedPage,
  receivedScript,
  sentPage,
  sentScript,
  withJsonNulls,
} from './json-null-cells';
import type { NextPage, ScriptResult, StatementResult } from './script-result';

const statement = (rows: StatementResult<JsonText>['rows']): StatementResult<JsonText> => ({
  sql: 'select id, doc, attrs from t',
  command: 'SELECT',
  rowCount: rows.length,
  columns: [
    { name: 'id', type: 'text' },
    { name: 'doc', type: 'jsonb' },
    { name: 'attrs', type: 'jsonb' },
  ],
  rows,
  cursor: null,
  plan: null,
  consumedRcu: 0,
  durationMs: 1,
  notices: [],
});

const script = (rows: StatementResult<JsonText>['rows']): ScriptResult<JsonText> => ({
  statements: [statement(rows)],
  redactedSql: 'select id, doc, attrs from t',
  redactions: [],
});

/** The body through the wire: written by the server, parsed by the client. */
const overTheWire = <T>(body: unknown): T => parseLosslessJson(stringifyLossless(body)) as T;

describe('JSON null apart from SQL NULL on the wire (issue 17, defect 6)', () => {
  it('finds the json cells holding JSON null, whatever the spacing of json text, and nothing else', () => {
    expect(
      jsonNullCells([
        ['a', new JsonText('null'), null],
        ['b', new JsonText('{"x": null}'), new JsonText(' null ')],
        ['null', null, JSON_NULL],
      ]),
    ).toEqual([
      [0, 1],
      [1, 2],
      [2, 2],
    ]);
  });

  it('a sent script lists them in jsonNulls; the cells themselves stay null, as before', () => {
    const sent = sentScript(
      script([
        ['n1', new JsonText('null'), new JsonText('{"gone": null}')],
        ['n2', null, null],
      ]),
    );
    const text = stringifyLossless(sent);
    expect(text).toContain('"rows":[["n1",null,{"gone": null}],["n2",null,null]]');
    expect(text).toMatch(/"jsonNulls":\[\[0,1\]\]}\]/);
    const received = receivedScript(overTheWire<ScriptResult>(sent));
    expect(received.statements[0]!.rows).toEqual([
      ['n1', JSON_NULL, { gone: null }],
      ['n2', null, null],
    ]);
    expect(received.statements[0]!.rows[0]![1]).toBe(JSON_NULL);
    expect(received.statements[0]!.rows[1]![1]).toBeNull();
  });

  it('a body without JSON null is sent exactly as before (no jsonNulls member)', () => {
    const plain = script([['n2', null, new JsonText('[1]')]]);
    expect(stringifyLossless(sentScript(plain))).toBe(stringifyLossless(plain));
    expect(stringifyLossless(sentPage({ rows: [['a']], cursor: null, consumedRcu: 0 }))).toBe(
      '{"rows":[["a"]],"cursor":null,"consumedRcu":0}',
    );
  });

  it('a next page carries its own positions', () => {
    const page: NextPage<JsonText> = {
      rows: [
        ['x', null, null],
        ['y', null, new JsonText('null')],
      ],
      cursor: 'c',
      consumedRcu: 0.5,
    };
    const received = receivedPage(overTheWire<NextPage>(sentPage(page)));
    expect(received.rows).toEqual([
      ['x', null, null],
      ['y', null, JSON_NULL],
    ]);
    expect(received.cursor).toBe('c');
  });

  it('JSON_NULL is written as null, so a client re-sending rows (saved results) stays valid JSON', () => {
    expect(stringifyLossless([JSON_NULL, null])).toBe('[null,null]');
    expect(JSON.stringify({ v: JSON_NULL })).toBe('{"v":null}');
  });

  it('positions that do not point at a null cell are ignored (a client never turns a value into JSON null)', () => {
    expect(
      withJsonNulls(
        [['a', 1]],
        [
          [0, 0],
          [0, 1],
          [5, 0],
          [0, 9],
        ],
      ),
    ).toEqual([['a', 1]]);
  });
});
