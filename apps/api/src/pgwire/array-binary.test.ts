import { describe, expect, it } from 'vitest';
import { arrayFromBinary, arrayToBinary } from './array-binary';
import { binaryToText, textToBinary } from './binary-values';

const hex = (b: Buffer) => b.toString('hex');
const send = (text: string, oid: number, element: number) =>
  arrayToBinary(text, oid, element, (e) => textToBinary(e, element));

describe('arrayToBinary', () => {
  it('sends what array_send sends', () => {
    expect(hex(send('{1,NULL,3}', 1007, 23))).toBe(
      '00000001000000010000001700000003000000010000000400000001ffffffff0000000400000003',
    );
    expect(hex(send('[0:1]={a,b}', 1009, 25))).toBe(
      '000000010000000000000019000000020000000000000001610000000162',
    );
    expect(hex(send('{{1,2},{3,4}}', 1007, 23))).toBe(
      '000000020000000000000017000000020000000100000002000000010000000400000001000000040000000200000004000000030000000400000004',
    );
    expect(hex(send('{}', 1007, 23))).toBe('000000000000000000000017');
  });

  it('unquotes elements, keeping a quoted "NULL" as text', () => {
    const bytes = send('{a,"b c",NULL,"\\"","NULL","x\\\\y"}', 1009, 25);
    expect(arrayFromBinary(bytes, binaryToText)).toBe('{"a","b c",NULL,"\\"","NULL","x\\\\y"}');
  });

  it('refuses what is not an array, naming the array type', () => {
    expect(() => send('{1,2', 1007, 23)).toThrow(
      expect.objectContaining({ message: expect.stringContaining('oid 1007') }),
    );
  });
});

describe('arrayFromBinary', () => {
  it('writes a literal the host reads, with bounds when they do not start at 1', () => {
    expect(arrayFromBinary(send('{1,NULL,3}', 1007, 23), binaryToText)).toBe('{"1",NULL,"3"}');
    expect(arrayFromBinary(send('[0:1]={a,b}', 1009, 25), binaryToText)).toBe('[0:1]={"a","b"}');
    expect(arrayFromBinary(send('{{1,2},{3,4}}', 1007, 23), binaryToText)).toBe('{{"1","2"},{"3","4"}}');
    expect(arrayFromBinary(send('{}', 1007, 23), binaryToText)).toBe('{}');
  });
});
