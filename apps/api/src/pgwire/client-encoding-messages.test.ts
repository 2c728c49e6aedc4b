import { describe, expect, it } from 'vitest';
import {
  commandComplete,
  dataRow,
  errorResponse,
  noticeResponse,
  parameterStatus,
  readyForQuery,
  rowDescription,
} from './backend-messages';
import { clientEncoding, UTF8 } from './client-encoding';
import { inClientEncoding } from './client-encoding-messages';

const latin1 = clientEncoding('LATIN1')!;

describe('backend messages in the client encoding', () => {
  it('converts the text of each message, and leaves DataRow values and other bytes as they are', () => {
    const row = dataRow([Buffer.from([0xe9]), null]);
    const sent = Buffer.concat([
      rowDescription([{ name: 'café', typeOid: 25, typmod: -1, tableOid: 0, attnum: 0, format: 0 }]),
      row,
      commandComplete('SELECT 1'),
      parameterStatus('application_name', 'né'),
      noticeResponse('déjà'),
      readyForQuery('I'),
    ]);
    const expected = Buffer.concat([
      rowDescription([{ name: 'café', typeOid: 25, typmod: -1, tableOid: 0, attnum: 0, format: 0 }]).subarray(
        0,
        7,
      ),
      Buffer.from([0x63, 0x61, 0x66, 0xe9]),
      rowDescription([{ name: 'café', typeOid: 25, typmod: -1, tableOid: 0, attnum: 0, format: 0 }]).subarray(
        12,
      ),
    ]);
    expected.writeInt32BE(expected.length - 1, 1);
    const out = inClientEncoding(sent, latin1);
    expect(out.subarray(0, expected.length).toString('hex')).toBe(expected.toString('hex'));
    expect(out.includes(row)).toBe(true);
    expect(out.includes(Buffer.from([0x6e, 0xe9, 0]))).toBe(true);
    expect(out.includes(Buffer.from([0x64, 0xe9, 0x6a, 0xe0, 0]))).toBe(true);
    expect(out.subarray(-6).toString('hex')).toBe(readyForQuery('I').toString('hex'));
    // Every length is the message's own.
    let at = 0;
    while (at < out.length) at += 1 + out.readInt32BE(at + 1);
    expect(at).toBe(out.length);
  });

  it('is nothing to do for a UTF-8 client', () => {
    const sent = rowDescription([{ name: '€', typeOid: 25, typmod: -1, tableOid: 0, attnum: 0, format: 0 }]);
    expect(inClientEncoding(sent, UTF8)).toBe(sent);
  });

  it('a character the encoding has not is 22P05; an error holding one becomes that error', () => {
    expect(() =>
      inClientEncoding(
        rowDescription([{ name: '€', typeOid: 25, typmod: -1, tableOid: 0, attnum: 0, format: 0 }]),
        latin1,
      ),
    ).toThrow(
      'character with byte sequence 0xe2 0x82 0xac in encoding "UTF8" has no equivalent in encoding "LATIN1"',
    );
    const out = inClientEncoding(
      errorResponse({ code: '42703', message: 'column "€" does not exist' }),
      latin1,
    );
    expect(out.toString('latin1')).toContain('C22P05\0');
    expect(out.toString('latin1')).toContain('has no equivalent in encoding "LATIN1"');
  });
});
