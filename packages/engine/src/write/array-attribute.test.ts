import { describe, expect, it } from 'vitest';
import { arrayAttribute, arrayTextSql } from './array-attribute';

const n = (text: string) => ({ N: text });

describe('arrayAttribute', () => {
  it('a 1-D array is a list of its elements, a NULL element is NULL', () => {
    expect(arrayAttribute('["[1:3]", ["1", null, "3"]]', n)).toEqual({ L: [n('1'), { NULL: true }, n('3')] });
  });
  it('each dimension is a level of lists, whatever the lower bounds', () => {
    expect(arrayAttribute('["[0:1][1:3]", ["1","2","3","4","5","6"]]', n)).toEqual({
      L: [{ L: [n('1'), n('2'), n('3')] }, { L: [n('4'), n('5'), n('6')] }],
    });
  });
  it('an empty array is an empty list', () => {
    expect(arrayAttribute('[null, []]', n)).toEqual({ L: [] });
  });
  it('an element the element writer leaves unwritten is NULL', () => {
    expect(arrayAttribute('["[1:1]", ["x"]]', () => null)).toEqual({ L: [{ NULL: true }] });
  });
  it('dimensions that do not match the elements are an internal error, not a wrong list', () => {
    expect(() => arrayAttribute('["[1:2]", ["1"]]', n)).toThrow(/do not match/);
  });
});

describe('arrayTextSql', () => {
  it('reads the dimensions and each element, in storage order, by the element reader', () => {
    expect(arrayTextSql('"t"."a"', (e) => `encode(${e}, 'hex')`)).toBe(
      `case when "t"."a" is null then null else json_build_array(array_dims("t"."a"), ` +
        `array(select encode(dynascope_el.e, 'hex') from unnest("t"."a") with ordinality as dynascope_el(e, o) order by dynascope_el.o))::text end`,
    );
  });
});
