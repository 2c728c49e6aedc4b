/** CancelRequest's request code (1234 << 16 | 5678). */
export const CANCEL_REQUEST_CODE = 80877102;
/** The longest cancel key a CancelRequest may carry (protocol 3.2; 3.0's is 4 bytes). */
const MAX_KEY_LENGTH = 256;

/** A CancelRequest (sent on a new connection instead of a StartupMessage), or null for anything else. */
export function readCancelRequest(data: Uint8Array): { processId: number; secretKey: Buffer } | null {
  if (data.byteLength < 13 || data.byteLength > 12 + MAX_KEY_LENGTH) return null;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (view.getInt32(0) !== data.byteLength || view.getInt32(4) !== CANCEL_REQUEST_CODE) return null;
  // Copied: pg-gateway reuses its buffer for the next data.
  return { processId: view.getInt32(8), secretKey: Buffer.from(data.subarray(12)) };
}
