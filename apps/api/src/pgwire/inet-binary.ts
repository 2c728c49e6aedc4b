import { binaryUnsupported } from './binary-unsupported';
import { Oid } from './type-oids';

/** inet_send's family byte: PGSQL_AF_INET and PGSQL_AF_INET6 (not the OS's AF_ numbers). */
const IPV4 = 2;
const IPV6 = 3;

/**
 * inet or cidr text → inet_send's form: family, bits, is_cidr, address length, address bytes.
 *   '10.0.0.1' (inet) → 02 20 00 04 0a 00 00 01; '2001:db8::/32' (cidr) → 03 20 01 10 20 01 0d b8 00 … 00
 */
export function inetToBinary(text: string, oid: number): Buffer {
  const [address = '', bits] = text.split('/');
  const bytes = address.includes(':') ? ipv6Bytes(address) : ipv4Bytes(address);
  if (!bytes || (bits !== undefined && !/^\d+$/.test(bits)))
    throw binaryUnsupported(oid, `cannot read ${JSON.stringify(text)}`);
  const header = [bytes.length === 4 ? IPV4 : IPV6, bits === undefined ? bytes.length * 8 : Number(bits)];
  return Buffer.from([...header, oid === Oid.cidr ? 1 : 0, bytes.length, ...bytes]);
}

/** inet_recv's form → text the host reads: 02 08 01 04 0a 00 00 00 → '10.0.0.0/8'. */
export function inetFromBinary(bytes: Buffer): string {
  const bits = bytes[1]!;
  const address = bytes.subarray(4, 4 + bytes[3]!);
  const text =
    bytes[0] === IPV4
      ? [...address].join('.')
      : Array.from({ length: 8 }, (_, i) => address.readUInt16BE(2 * i).toString(16)).join(':');
  return `${text}/${bits}`;
}

function ipv4Bytes(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) < 256)) return null;
  return parts.map(Number);
}

/** `2001:db8::1`, `::ffff:1.2.3.4` → 16 bytes. */
function ipv6Bytes(text: string): number[] | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (half: string | undefined): number[] | null => {
    if (!half) return [];
    const out: number[] = [];
    for (const g of half.split(':')) {
      const v4 = g.includes('.') ? ipv4Bytes(g) : null;
      if (v4) out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      else if (/^[0-9a-f]{1,4}$/i.test(g)) out.push(parseInt(g, 16));
      else return null;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  return [...head, ...Array<number>(missing).fill(0), ...tail].flatMap((g) => [g >> 8, g & 0xff]);
}
