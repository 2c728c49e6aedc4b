import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { createConnection, type Socket } from 'node:net';

/** A backend message: its type and body. */
export interface RawMessage {
  readonly type: string;
  readonly body: Buffer;
}

/** An ErrorResponse's or NoticeResponse's fields by their type byte (S, C, M, D, ...). */
export function errorFields(body: Buffer): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let at = 0; body[at];) {
    const end = body.indexOf(0, at + 1);
    fields[String.fromCharCode(body[at]!)] = body.toString('latin1', at + 1, end);
    at = end + 1;
  }
  return fields;
}

/** A DataRow's values as they came (null for NULL). */
export function dataRowValues(body: Buffer): (Buffer | null)[] {
  const values: (Buffer | null)[] = [];
  let at = 2;
  for (let i = body.readInt16BE(0); i > 0; i--) {
    const length = body.readInt32BE(at);
    at += 4;
    values.push(length < 0 ? null : body.subarray(at, at + length));
    at += Math.max(length, 0);
  }
  return values;
}

/** A RowDescription's column names as they came. */
export function columnNames(body: Buffer): Buffer[] {
  const names: Buffer[] = [];
  let at = 2;
  for (let i = body.readInt16BE(0); i > 0; i--) {
    const end = body.indexOf(0, at);
    names.push(body.subarray(at, end));
    at = end + 19;
  }
  return names;
}

/** A RowDescription field as it came: name, table oid, attnum, type oid, typlen, typmod and format. */
export interface RawField {
  readonly name: string;
  readonly tableOid: number;
  readonly attnum: number;
  readonly typeOid: number;
  readonly typlen: number;
  readonly typmod: number;
  readonly format: number;
}

/** A RowDescription's fields. */
export function rowDescriptionFields(body: Buffer): RawField[] {
  const fields: RawField[] = [];
  let at = 2;
  for (let i = body.readInt16BE(0); i > 0; i--) {
    const end = body.indexOf(0, at);
    fields.push({
      name: body.toString('utf8', at, end),
      tableOid: body.readUInt32BE(end + 1),
      attnum: body.readInt16BE(end + 5),
      typeOid: body.readUInt32BE(end + 7),
      typlen: body.readInt16BE(end + 11),
      typmod: body.readInt32BE(end + 13),
      format: body.readInt16BE(end + 17),
    });
    at = end + 19;
  }
  return fields;
}

/**
 * What a test compares of a message: its type, and for an error or notice its SQLSTATE and message,
 * for ParameterStatus its name and value, for a DataRow its values, for a RowDescription its names,
 * for CommandComplete its tag, for CopyData its bytes (bytes in hex where they may be any).
 */
export function shown(m: RawMessage): string {
  const hex = (b: Buffer | null) => (b === null ? 'NULL' : b.toString('hex'));
  switch (m.type) {
    case 'E':
    case 'N': {
      const f = errorFields(m.body);
      return `${m.type} ${f.S} ${f.C} ${f.M}${f.D ? ` (${f.D})` : ''}`;
    }
    case 'S':
      return `S ${m.body.toString('latin1').split('\0').slice(0, 2).join('=')}`;
    case 'D':
      return `D ${dataRowValues(m.body).map(hex).join(',')}`;
    case 'T':
      return `T ${columnNames(m.body).map(hex).join(',')}`;
    case 'C':
      return `C ${m.body.toString('latin1', 0, m.body.length - 1)}`;
    case 'd':
      return `d ${hex(m.body)}`;
    case 'Z':
      return `Z ${m.body.toString('latin1')}`;
    default:
      return m.type;
  }
}

const cstring = (s: string | Buffer) => Buffer.concat([Buffer.from(s), Buffer.from([0])]);
const int16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeInt16BE(n);
  return b;
};
const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};

/** A frontend message: its type byte and body, framed. */
export function frontend(type: string, ...body: Buffer[]): Buffer {
  const content = Buffer.concat(body);
  return Buffer.concat([Buffer.from(type, 'latin1'), int32(4 + content.length), content]);
}

export const query = (sql: string | Buffer) => frontend('Q', cstring(sql));
export const parse = (sql: string | Buffer, oids: readonly number[] = [], name = '') =>
  frontend('P', cstring(name), cstring(sql), int16(oids.length), ...oids.map(int32));
/** Bind of the unnamed statement to the unnamed portal: each value in its format (0 text, 1 binary). */
export const bind = (values: readonly (Buffer | null)[], formats: readonly number[] = []) =>
  frontend(
    'B',
    cstring(''),
    cstring(''),
    int16(formats.length),
    ...formats.map(int16),
    int16(values.length),
    ...values.map((v) => (v === null ? int32(-1) : Buffer.concat([int32(v.length), v]))),
    int16(0),
  );
export const execute = () => frontend('E', cstring(''), int32(0));
/** Describe of a statement ('S') or portal ('P'), the unnamed one by default. */
export const describe = (target: 'S' | 'P', name = '') => frontend('D', Buffer.from(target), cstring(name));
export const sync = () => frontend('S');
export const copyData = (bytes: Buffer) => frontend('d', bytes);
export const copyDone = () => frontend('c');

/**
 * A client that speaks the protocol by hand, to send bytes drivers would not (text that is no text
 * of the client encoding) and read the answers byte for byte. Authenticates by trust or SCRAM-SHA-256.
 */
export class RawClient {
  private buffered = Buffer.alloc(0);
  private waiting: (() => void) | null = null;
  private closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      this.waiting?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.waiting?.();
    });
    socket.on('error', () => undefined);
  }

  /**
   * Connects and starts up with `parameters` (bytes as they are); the messages up to the first
   * ReadyForQuery (or the error that ended the connection), authentication's left out.
   */
  static async connect(
    port: number,
    parameters: Record<string, string | Buffer>,
    password = '',
  ): Promise<{ client: RawClient; started: RawMessage[] }> {
    const socket = createConnection(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const client = new RawClient(socket);
    const body = Buffer.concat([
      int32(3 << 16),
      ...Object.entries(parameters).flatMap(([name, value]) => [cstring(name), cstring(value)]),
      Buffer.from([0]),
    ]);
    socket.write(Buffer.concat([int32(4 + body.length), body]));
    const started: RawMessage[] = [];
    let scram: { nonce: string; firstBare: string; serverSignature?: Buffer } | null = null;
    for (;;) {
      const m = await client.next();
      if (!m) return { client, started };
      if (m.type === 'R') {
        const code = m.body.readInt32BE(0);
        if (code === 10) {
          const nonce = randomBytes(18).toString('base64');
          const firstBare = `n=,r=${nonce}`;
          const first = Buffer.from(`n,,${firstBare}`);
          socket.write(frontend('p', cstring('SCRAM-SHA-256'), int32(first.length), first));
          scram = { nonce, firstBare };
        } else if (code === 11 && scram) {
          const serverFirst = m.body.toString('utf8', 4);
          const attrs = Object.fromEntries(serverFirst.split(',').map((kv) => [kv[0], kv.slice(2)]));
          const salted = pbkdf2Sync(password, Buffer.from(attrs.s!, 'base64'), Number(attrs.i), 32, 'sha256');
          const clientKey = createHmac('sha256', salted).update('Client Key').digest();
          const storedKey = createHash('sha256').update(clientKey).digest();
          const finalBare = `c=biws,r=${attrs.r}`;
          const auth = `${scram.firstBare},${serverFirst},${finalBare}`;
          const signature = createHmac('sha256', storedKey).update(auth).digest();
          const proof = Buffer.from(clientKey.map((b, i) => b ^ signature[i]!)).toString('base64');
          socket.write(frontend('p', Buffer.from(`${finalBare},p=${proof}`)));
        }
        continue;
      }
      started.push(m);
      if (m.type === 'Z') return { client, started };
    }
  }

  /** The next message, or null once the connection closed. */
  async next(): Promise<RawMessage | null> {
    for (;;) {
      if (this.buffered.length >= 5) {
        const end = 1 + this.buffered.readInt32BE(1);
        if (this.buffered.length >= end) {
          const m = { type: String.fromCharCode(this.buffered[0]!), body: this.buffered.subarray(5, end) };
          this.buffered = this.buffered.subarray(end);
          return m;
        }
      }
      if (this.closed) return null;
      await new Promise<void>((resolve) => (this.waiting = resolve));
      this.waiting = null;
    }
  }

  /** Sends `messages` and reads until `count` ReadyForQuery messages came (or the connection closed). */
  async send(messages: readonly Buffer[], count = 1): Promise<RawMessage[]> {
    this.socket.write(Buffer.concat(messages));
    const out: RawMessage[] = [];
    for (let ready = 0; ready < count;) {
      const m = await this.next();
      if (!m) break;
      out.push(m);
      if (m.type === 'Z') ready++;
    }
    return out;
  }

  close(): void {
    this.socket.write(frontend('X'));
    this.socket.end();
  }
}
