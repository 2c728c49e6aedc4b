/** CancelRequest's request code (1234 << 16 | 5678). */
const CANCEL_REQUEST_CODE = 80877102;

/** A CancelRequest (sent on a new connection instead of a StartupMessage), or null for anything else. */
export function readCancelRequest(data: Uint8Array): { processId: number; secretKey: number } | null {
  if (data.byteLength !== 16) return null;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (view.getInt32(0) !== 16 || view.getInt32(4) !== CANCEL_REQUEST_CODE) return null;
  return { processId: view.getInt32(8), secretKey: view.getInt32(12) };
}
