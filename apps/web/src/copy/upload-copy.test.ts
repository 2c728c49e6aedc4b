import { describe, expect, it } from 'vitest';
import type { CopyProgress } from '@dynascope/contract';
import { ApiError } from '../api/client';
import { CopyFrames } from './upload-copy';

const progress = (rowsWritten: number) =>
  JSON.stringify({
    type: 'progress',
    phase: 'writing',
    bytesRead: 10,
    rowsRead: 2,
    rowCount: 2,
    rowsChecked: 2,
    rowsWritten,
    consumedWcu: rowsWritten,
  }) + '\n';

describe('CopyFrames', () => {
  it('hands on each progress frame as the answer grows, split anywhere, and ends with the result', () => {
    const seen: CopyProgress[] = [];
    const frames = new CopyFrames((p) => seen.push(p));
    const answer =
      progress(1) + progress(2) + '{"type":"result","command":"COPY","rowCount":2,"consumedWcu":2.5}\n';
    frames.read(answer.slice(0, 30));
    expect(seen).toEqual([]);
    frames.read(answer.slice(0, progress(1).length + 5));
    expect(seen.map((p) => p.rowsWritten)).toEqual([1]);
    expect(frames.end(answer)).toEqual({ command: 'COPY', rowCount: 2, consumedWcu: 2.5 });
    expect(seen.map((p) => p.rowsWritten)).toEqual([1, 2]);
    expect(seen[0]).not.toHaveProperty('type');
  });

  it('rejects an error frame as an ApiError with its hint and context, and an answer cut short', () => {
    const error =
      progress(1) +
      JSON.stringify({
        type: 'error',
        error: {
          message: 'canceling statement due to user request (1 rows written before the error)',
          sqlstate: '57014',
          hint: 'running the same COPY again completes it (2 rows in all)',
        },
      });
    let thrown: unknown;
    try {
      new CopyFrames().end(error);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ApiError);
    expect(thrown).toMatchObject({
      message: 'canceling statement due to user request (1 rows written before the error)',
      hint: 'running the same COPY again completes it (2 rows in all)',
      context: null,
    });
    expect(() => new CopyFrames().end(progress(1))).toThrow('the import’s answer ended before its result');
  });
});
