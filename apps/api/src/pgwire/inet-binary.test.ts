import { describe, expect, it } from 'vitest';
import { inetFromBinary, inetToBinary } from './inet-binary';
import { Oid } from './type-oids';

const hex = (b: Buffer) => b.toString('hex');

describe('inetToBinary', () => {
  // inet_send / cidr_send of the same values (the host's own).
  it.each([
    ['10.0.0.1', Oid.inet, '022000040a000001'],
    ['192.168.1.5/24', Oid.inet, '02180004c0a80105'],
    ['10.0.0.0/8', Oid.cidr, '020801040a000000'],
    ['2001:db8::/32', Oid.cidr, '0320011020010db8000000000000000000000000'],
    ['::ffff:1.2.3.4/120', Oid.inet, '0378001000000000000000000000ffff01020304'],
  ])('%s (oid %i) → %s', (text, oid, bytes) => expect(hex(inetToBinary(text, oid))).toBe(bytes));

  it.each(['10.0.0', '1::2::3', '1:2:3:4:5:6:7:8:9', '10.0.0.1/x'])('refuses %s, naming inet', (text) =>
    expect(() => inetToBinary(text, Oid.inet)).toThrow(
      expect.objectContaining({ sqlstate: '0A000', message: expect.stringContaining('oid 869') }),
    ),
  );
});

describe('inetFromBinary', () => {
  it('writes address/bits', () => {
    expect(inetFromBinary(Buffer.from('020801040a000000', 'hex'))).toBe('10.0.0.0/8');
    expect(inetFromBinary(Buffer.from('0320011020010db8000000000000000000000000', 'hex'))).toBe(
      '2001:db8:0:0:0:0:0:0/32',
    );
  });
});
