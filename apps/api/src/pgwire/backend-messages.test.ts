import { Writer } from 'pg-protocol/dist/buffer-writer';
import { describe, expect, it } from 'vitest';
import { copyDataEach } from './backend-messages';

describe('copyDataEach', () => {
  it("frames each record as pg-protocol's writer frames a CopyData, one after another", () => {
    const records = [Buffer.from('a\tb\n'), new Uint8Array(), Buffer.from('é,"x\ny"\n').subarray(1)];
    const expected = Buffer.concat(
      records.map((r) => new Writer().add(Buffer.from(r.buffer, r.byteOffset, r.byteLength)).flush(0x64)),
    );
    expect(copyDataEach(records).equals(expected)).toBe(true);
    expect(copyDataEach([]).byteLength).toBe(0);
  });
});
