import { describe, expect, it } from 'vitest';
import { clientEncoding, invalidUtf8At, UTF8 } from './client-encoding';

const bytes = (...b: number[]) => Buffer.from(b);
const fails = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    const { sqlstate, message } = e as { sqlstate: string; message: string };
    return `${sqlstate} ${message}`;
  }
  return 'passed';
};

describe('UTF8 (and SQL_ASCII)', () => {
  it('finds the first character that is no UTF-8 as Postgres’s pg_utf8_islegal does', () => {
    expect(invalidUtf8At(Buffer.from('café 😀'))).toBe(-1);
    expect(invalidUtf8At(bytes(0x61, 0xe9, 0x27))).toBe(1);
    // NUL is no text; overlong forms, surrogates and past U+10FFFF are no UTF-8.
    expect(invalidUtf8At(bytes(0x61, 0x00))).toBe(1);
    expect(invalidUtf8At(bytes(0xc1, 0xbf))).toBe(0);
    expect(invalidUtf8At(bytes(0xe0, 0x9f, 0xbf))).toBe(0);
    expect(invalidUtf8At(bytes(0xed, 0xa0, 0x80))).toBe(0);
    expect(invalidUtf8At(bytes(0xf4, 0x90, 0x80, 0x80))).toBe(0);
    expect(invalidUtf8At(bytes(0xf0, 0x9f, 0x98))).toBe(0);
    expect(invalidUtf8At(bytes(0x61, 0xf0, 0x9f, 0x98, 0x80, 0x80))).toBe(5);
  });

  it('refuses it with 22021, showing as many bytes as the first says', () => {
    expect(fails(() => UTF8.decode(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x27, 0x3b])))).toBe(
      '22021 invalid byte sequence for encoding "UTF8": 0xe9 0x27 0x3b',
    );
    expect(fails(() => UTF8.decode(bytes(0x63, 0xe9)))).toBe(
      '22021 invalid byte sequence for encoding "UTF8": 0xe9',
    );
    expect(fails(() => UTF8.decode(bytes(0x80, 0x41)))).toBe(
      '22021 invalid byte sequence for encoding "UTF8": 0x80',
    );
    expect(fails(() => clientEncoding('SQL_ASCII')!.decode(bytes(0x61, 0x00)))).toBe(
      '22021 invalid byte sequence for encoding "UTF8": 0x00',
    );
    expect(UTF8.decode(Buffer.from('café'))).toBe('café');
  });

  it('sends text as it is: SQL_ASCII converts nothing', () => {
    const ascii = clientEncoding('SQL_ASCII')!;
    expect(ascii.encode('€').toString('hex')).toBe('e282ac');
    expect(ascii.utf8).toBe(true);
    expect(clientEncoding('UNICODE')!.name).toBe('UNICODE');
  });
});

describe('single-byte encodings', () => {
  it('read and write their characters', () => {
    const latin1 = clientEncoding('LATIN1')!;
    expect(latin1.decode(bytes(0x63, 0x61, 0x66, 0xe9))).toBe('café');
    expect(latin1.encode('café').toString('hex')).toBe('636166e9');
    expect(clientEncoding('WIN1252')!.decode(bytes(0x80))).toBe('€');
    expect(clientEncoding('KOI8R')!.encode('привет').toString('hex')).toBe('d0d2c9d7c5d4');
    expect(Buffer.from(clientEncoding('LATIN9')!.toUtf8(bytes(0xa4))).toString()).toBe('€');
    expect(Buffer.from(clientEncoding('LATIN2')!.fromUtf8(Buffer.from('ő\n'))).toString('hex')).toBe('f50a');
  });

  it('a character the encoding has not is 22P05, each way; NUL is 22021', () => {
    expect(fails(() => clientEncoding('LATIN1')!.encode('a€'))).toBe(
      '22P05 character with byte sequence 0xe2 0x82 0xac in encoding "UTF8" has no equivalent in encoding "LATIN1"',
    );
    expect(fails(() => clientEncoding('LATIN1')!.encode('😀'))).toBe(
      '22P05 character with byte sequence 0xf0 0x9f 0x98 0x80 in encoding "UTF8" has no equivalent in encoding "LATIN1"',
    );
    expect(fails(() => clientEncoding('WIN1252')!.decode(bytes(0x61, 0x81)))).toBe(
      '22P05 character with byte sequence 0x81 in encoding "WIN1252" has no equivalent in encoding "UTF8"',
    );
    expect(fails(() => clientEncoding('LATIN1')!.decode(bytes(0x61, 0x00)))).toBe(
      '22021 invalid byte sequence for encoding "LATIN1": 0x00',
    );
  });

  it('WIN1255 has no 0xCA, as Postgres’s table has not (iconv-lite’s has U+05BA)', () => {
    const win1255 = clientEncoding('WIN1255')!;
    expect(fails(() => win1255.decode(bytes(0xca)))).toMatch(/^22P05 /);
    expect(fails(() => win1255.encode('\u05ba'))).toMatch(/^22P05 /);
    expect(win1255.decode(bytes(0xe0))).toBe('א');
  });

  it('the multibyte encodings are none of the wire’s; an unknown name is none', () => {
    expect(clientEncoding('EUC_JP')).toBeUndefined();
    expect(clientEncoding('MULE_INTERNAL')).toBeUndefined();
    expect(clientEncoding('foo')).toBeUndefined();
  });
});
