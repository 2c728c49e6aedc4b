import { describe, expect, it } from 'vitest';
import { floatText } from './float-text';

const f8 = (v: number) => {
  const b = Buffer.alloc(8);
  b.writeDoubleBE(v);
  return b.toString('hex');
};
const f4 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeFloatBE(v);
  return b.toString('hex');
};

describe('floatText', () => {
  it('prints a float8 with the digits that read back as the same value', () => {
    expect(floatText(f8(0.1 + 0.2))).toBe('0.30000000000000004');
    expect(floatText(f8(1e300))).toBe('1e+300');
    expect(floatText(f8(-2.5e-7))).toBe('-2.5e-7');
    expect(floatText(f8(42))).toBe('42');
  });

  it('prints a float4 with the fewest digits that read back as the same float4', () => {
    expect(floatText(f4(0.1))).toBe('0.1');
    expect(floatText(f4(1.0000001))).toBe('1.0000001');
    expect(floatText(f4(16777217))).toBe('16777216');
    expect(floatText(f4(3.4028235e38))).toBe('3.4028235e+38');
    expect(floatText(f4(1.4e-45))).toBe('1e-45');
  });

  it('leaves non-finite values for the caller to refuse', () => {
    expect(floatText(f8(NaN))).toBe('NaN');
    expect(floatText(f4(-Infinity))).toBe('-Infinity');
  });
});
