import { RecordChunker, type Quoting } from './record-chunker';

const NL = 0x0a;

/**
 * A batch of COPY TO output (whole records, as the host's COPY writes them) cut into its records —
 * each row, and csv's header line — as Postgres sends each in a CopyData of its own. A newline inside
 * a quoted csv field is data (record-chunker.ts reads the quoting); text escapes its newlines, and a
 * dynamodb_json item is one line.
 *   copyRecords('a,"x\ny"\nb,c\n', csv) → ['a,"x\ny"\n', 'b,c\n']
 */
export function copyRecords(bytes: Uint8Array, quoting: Quoting): Uint8Array[] {
  // csv with no quote in it cuts at its newlines, as text does (and an order of magnitude faster).
  if (quoting.kind === 'csv' && bytes.indexOf(quoting.quote) !== -1) {
    const chunker = new RecordChunker(quoting, 1, Infinity, () => 'COPY');
    const records = chunker.push(bytes).map((c) => c.bytes);
    const rest = chunker.end();
    return rest ? [...records, rest.bytes] : records;
  }
  const records: Uint8Array[] = [];
  let from = 0;
  for (let nl = bytes.indexOf(NL); nl !== -1; nl = bytes.indexOf(NL, from)) {
    records.push(bytes.subarray(from, nl + 1));
    from = nl + 1;
  }
  if (from < bytes.byteLength) records.push(bytes.subarray(from));
  return records;
}
