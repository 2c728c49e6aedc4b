/**
 * numeric's binary form (numeric_send / numeric_recv): int16 ndigits, int16 weight, uint16 sign,
 * int16 dscale, then base-10000 digits. `-12.50` ↔ { digits [12, 5000], weight 0, sign 0x4000, dscale 2 }.
 */
const POSITIVE = 0x0000;
const NEGATIVE = 0x4000;
const SPECIAL: Readonly<Record<string, number>> = { NaN: 0xc000, Infinity: 0xd000, '-Infinity': 0xf000 };

export function numericToBinary(text: string): Buffer {
  const special = SPECIAL[text];
  if (special !== undefined) return header(0, 0, special, 0, []);
  const negative = text.startsWith('-');
  const [intPart = '0', fracPart = ''] = text.replace(/^[-+]/, '').split('.');
  const intDigits = intPart.padStart(Math.ceil(intPart.length / 4) * 4, '0');
  const fracDigits = fracPart.padEnd(Math.ceil(fracPart.length / 4) * 4, '0');
  const groups = `${intDigits}${fracDigits}`.match(/\d{4}/g)?.map(Number) ?? [];
  let weight = intDigits.length / 4 - 1;
  while (groups.length && groups[0] === 0) {
    groups.shift();
    weight--;
  }
  while (groups.length && groups[groups.length - 1] === 0) groups.pop();
  return header(
    groups.length,
    groups.length ? weight : 0,
    negative ? NEGATIVE : POSITIVE,
    fracPart.length,
    groups,
  );
}

function header(ndigits: number, weight: number, sign: number, dscale: number, digits: number[]): Buffer {
  const out = Buffer.alloc(8 + 2 * ndigits);
  out.writeInt16BE(ndigits, 0);
  out.writeInt16BE(weight, 2);
  out.writeUInt16BE(sign, 4);
  out.writeInt16BE(dscale, 6);
  digits.forEach((d, i) => out.writeInt16BE(d, 8 + 2 * i));
  return out;
}

export function numericFromBinary(bytes: Buffer): string {
  const ndigits = bytes.readInt16BE(0);
  const weight = bytes.readInt16BE(2);
  const sign = bytes.readUInt16BE(4);
  const dscale = bytes.readInt16BE(6);
  const special = Object.entries(SPECIAL).find(([, s]) => s === sign);
  if (special) return special[0];
  const digit = (w: number) => {
    const i = weight - w;
    return i >= 0 && i < ndigits ? bytes.readInt16BE(8 + 2 * i) : 0;
  };
  let int = '';
  for (let w = weight; w >= 0; w--)
    int += w === weight ? String(digit(w)) : String(digit(w)).padStart(4, '0');
  let frac = '';
  for (let w = -1; frac.length < dscale; w--) frac += String(digit(w)).padStart(4, '0');
  return `${sign === NEGATIVE ? '-' : ''}${int || '0'}${dscale > 0 ? `.${frac.slice(0, dscale)}` : ''}`;
}
