import { Writer } from 'pg-protocol/dist/buffer-writer';
import type { ErrorDiagnostics } from '@dynascope/engine';
import { BackendError } from 'pg-gateway';
import { typeLength } from './type-oids';

/**
 * The backend messages the server sends, encoded with pg-protocol's writer (the message layout is
 * the protocol's: https://www.postgresql.org/docs/current/protocol-message-formats.html).
 */

/** A result column as RowDescription describes it. */
export interface WireField {
  readonly name: string;
  readonly typeOid: number;
  /** The type modifier (`numeric(10,2)`: 655366; -1: none). */
  readonly typmod: number;
  /** The table's oid and the column's attnum when the column is a plain reference to one, else 0 and 0. */
  readonly tableOid: number;
  readonly attnum: number;
  /** 0 text, 1 binary. */
  readonly format: 0 | 1;
}

const code = (c: string) => c.charCodeAt(0);
const empty = (c: string): Buffer => new Writer().flush(code(c));

export const parseComplete = (): Buffer => empty('1');
export const bindComplete = (): Buffer => empty('2');
export const closeComplete = (): Buffer => empty('3');
export const noData = (): Buffer => empty('n');
export const portalSuspended = (): Buffer => empty('s');
export const emptyQueryResponse = (): Buffer => empty('I');
export const copyDone = (): Buffer => empty('c');

export type TransactionStatus = 'I' | 'T' | 'E';

export function readyForQuery(status: TransactionStatus): Buffer {
  return new Writer().addString(status).flush(code('Z'));
}

export function parameterStatus(name: string, value: string): Buffer {
  return new Writer().addCString(name).addCString(value).flush(code('S'));
}

/** The cancel key: 4 bytes in protocol 3.0, longer in 3.2. */
export function backendKeyData(processId: number, secretKey: Buffer): Buffer {
  return new Writer().addInt32(processId).add(secretKey).flush(code('K'));
}

/** The newest minor version of protocol 3 the server speaks, and the `_pq_.` options it does not know. */
export function negotiateProtocolVersion(minor: number, options: readonly string[]): Buffer {
  const w = new Writer().addInt32(minor).addInt32(options.length);
  for (const option of options) w.addCString(option);
  return w.flush(code('v'));
}

export function commandComplete(tag: string): Buffer {
  return new Writer().addCString(tag).flush(code('C'));
}

export function rowDescription(fields: readonly WireField[]): Buffer {
  const w = new Writer().addInt16(fields.length);
  for (const f of fields) {
    w.addCString(f.name).addInt32(f.tableOid).addInt16(f.attnum).addInt32(f.typeOid);
    w.addInt16(typeLength(f.typeOid)).addInt32(f.typmod).addInt16(f.format);
  }
  return w.flush(code('T'));
}

export function parameterDescription(oids: readonly number[]): Buffer {
  const w = new Writer().addInt16(oids.length);
  for (const oid of oids) w.addInt32(oid);
  return w.flush(code('t'));
}

/** One row: each value's bytes (text or binary as its column's format says), null for SQL NULL. */
export function dataRow(values: readonly (Buffer | null)[]): Buffer {
  const w = new Writer().addInt16(values.length);
  for (const v of values) {
    if (v === null) w.addInt32(-1);
    else w.addInt32(v.length).add(v);
  }
  return w.flush(code('D'));
}

/** CopyOutResponse / CopyInResponse: text (or csv) rows of `columns` columns, each in text format. */
export function copyResponse(direction: 'in' | 'out', columns = 0): Buffer {
  const w = new Writer().add(Buffer.from([0])).addInt16(columns);
  for (let i = 0; i < columns; i++) w.addInt16(0);
  return w.flush(code(direction === 'in' ? 'G' : 'H'));
}

/** A CopyData for each of `records` (a COPY's rows), in one buffer. */
export function copyDataEach(records: readonly Uint8Array[]): Buffer {
  let size = 0;
  for (const r of records) size += 5 + r.byteLength;
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const r of records) {
    out[at] = code('d');
    out.writeInt32BE(4 + r.byteLength, at + 1);
    out.set(r, at + 5);
    at += 5 + r.byteLength;
  }
  return out;
}

/** The fields of an ErrorResponse or NoticeResponse. */
export interface WireError {
  readonly code: string;
  readonly message: string;
  readonly detail?: string;
  readonly hint?: string;
  /** 1-based character position in the query string. */
  readonly position?: number;
  readonly where?: string;
  /** Its other fields (s, t, c, d, n, F, L, R): the objects it names, the routine that raised it. */
  readonly diagnostics?: ErrorDiagnostics;
}

/**
 * An ErrorResponse: severity, SQLSTATE, message, and each field the error has, in Postgres's order.
 *   { code: '0A000', message: 'cached plan must not change result type', diagnostics: { routine: 'RevalidateCachedQuery' } }
 *   → S ERROR, V ERROR, C 0A000, M cached plan must not change result type, R RevalidateCachedQuery
 */
export function errorResponse(error: WireError, severity: 'ERROR' | 'FATAL' = 'ERROR'): Buffer {
  return Buffer.from(
    BackendError.create({
      severity,
      code: error.code,
      message: error.message,
      ...(error.detail !== undefined && { detail: error.detail }),
      ...(error.hint !== undefined && { hint: error.hint }),
      ...(error.position !== undefined && { position: String(error.position) }),
      ...(error.where !== undefined && { where: error.where }),
      ...error.diagnostics,
    }).flush(),
  );
}

export function noticeResponse(message: string, detail?: string): Buffer {
  const w = new Writer().addString('S').addCString('NOTICE').addString('V').addCString('NOTICE');
  w.addString('C').addCString('00000').addString('M').addCString(message);
  if (detail !== undefined) w.addString('D').addCString(detail);
  return w.addCString('').flush(code('N'));
}
