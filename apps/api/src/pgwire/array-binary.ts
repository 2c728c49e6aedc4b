import { binaryUnsupported } from './binary-unsupported';

type Nested = (string | null | Nested)[];

/**
 * An array's text output → array_send's form: int32 ndim, int32 has-nulls, uint32 element oid,
 * then (length, lower bound) per dimension, then each element as int32 length and bytes (-1: NULL),
 * the elements encoded by `element`.
 *   '{1,NULL,3}' (int4[]) → 1 | 1 | 23 | 3, 1 | 4, 00000001 | -1 | 4, 00000003
 *   '[0:1]={a,b}' (text[]) → 1 | 0 | 25 | 2, 0 | 1, 'a' | 1, 'b'
 */
export function arrayToBinary(
  text: string,
  arrayOid: number,
  elementOid: number,
  element: (text: string) => Buffer,
): Buffer {
  const fail = () => binaryUnsupported(arrayOid, `cannot read ${JSON.stringify(text)}`);
  const decorated = /^((?:\[-?\d+:-?\d+\])+)=(.*)$/s.exec(text);
  const lowerBounds = decorated ? [...decorated[1]!.matchAll(/\[(-?\d+):/g)].map((m) => Number(m[1])) : [];
  const { value, end } = parseBraces(decorated ? decorated[2]! : text, 0, fail);
  if (end !== (decorated ? decorated[2]! : text).length) throw fail();
  const lengths: number[] = [];
  for (let level: Nested | string | null = value; Array.isArray(level) && level.length; level = level[0]!)
    lengths.push(level.length);
  const flat = (value as unknown[]).flat(Infinity) as (string | null)[];
  const header = Buffer.alloc(12 + 8 * lengths.length);
  header.writeInt32BE(lengths.length, 0);
  header.writeInt32BE(flat.includes(null) ? 1 : 0, 4);
  header.writeUInt32BE(elementOid, 8);
  lengths.forEach((length, i) => {
    header.writeInt32BE(length, 12 + 8 * i);
    header.writeInt32BE(lowerBounds[i] ?? 1, 16 + 8 * i);
  });
  const parts: Buffer[] = [header];
  for (const e of flat) {
    const bytes = e === null ? null : element(e);
    const size = Buffer.alloc(4);
    size.writeInt32BE(bytes ? bytes.length : -1);
    parts.push(size, ...(bytes ? [bytes] : []));
  }
  return Buffer.concat(parts);
}

/**
 * array_recv's form → an array literal the host reads, each element quoted (`element` decodes one):
 *   1 | 1 | 23 | 2, 1 | 4, 00000001 | -1 → '{"1",NULL}'; lower bound 0 → '[0:1]={"1",NULL}'
 */
export function arrayFromBinary(bytes: Buffer, element: (bytes: Buffer, oid: number) => string): string {
  const ndim = bytes.readInt32BE(0);
  const elementOid = bytes.readUInt32BE(8);
  const dims = Array.from({ length: ndim }, (_, i) => ({
    length: bytes.readInt32BE(12 + 8 * i),
    lower: bytes.readInt32BE(16 + 8 * i),
  }));
  let at = 12 + 8 * ndim;
  const next = (): string => {
    const size = bytes.readInt32BE(at);
    at += 4;
    if (size < 0) return 'NULL';
    const text = element(bytes.subarray(at, at + size), elementOid);
    at += size;
    return `"${text.replace(/[\\"]/g, '\\$&')}"`;
  };
  const level = (d: number): string =>
    `{${Array.from({ length: dims[d]?.length ?? 0 }, () => (d + 1 < ndim ? level(d + 1) : next())).join(',')}}`;
  const bounds = dims.some((d) => d.lower !== 1)
    ? `${dims.map((d) => `[${d.lower}:${d.lower + d.length - 1}]`).join('')}=`
    : '';
  return `${bounds}${level(0)}`;
}

/** `{…}` from `at`: its elements (quoted ones unescaped; unquoted NULL is null) and where it ends. */
function parseBraces(text: string, at: number, fail: () => Error): { value: Nested; end: number } {
  if (text[at] !== '{') throw fail();
  const value: Nested = [];
  let i = at + 1;
  if (text[i] === '}') return { value, end: i + 1 };
  for (;;) {
    while (text[i] === ' ') i++;
    if (text[i] === '{') {
      const inner = parseBraces(text, i, fail);
      value.push(inner.value);
      i = inner.end;
    } else if (text[i] === '"') {
      let s = '';
      for (i++; text[i] !== '"'; i++) {
        if (i >= text.length) throw fail();
        if (text[i] === '\\') i++;
        s += text[i];
      }
      value.push(s);
      i++;
    } else {
      const start = i;
      while (i < text.length && text[i] !== ',' && text[i] !== '}') i++;
      const raw = text.slice(start, i).trim();
      value.push(raw.toUpperCase() === 'NULL' ? null : raw);
    }
    while (text[i] === ' ') i++;
    if (text[i] === '}') return { value, end: i + 1 };
    if (text[i] !== ',') throw fail();
    i++;
  }
}
