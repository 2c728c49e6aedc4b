import type { Cell } from '../types';

/** Rows of one statement's result, page by page (the engine's cursors wrap one). */
export interface RowSource {
  next(
    pageSize: number,
    signal?: AbortSignal,
  ): Promise<{ rows: Cell[][]; done: boolean; consumedRcu: number }>;
  close(): Promise<void>;
}

/** A result already in memory. */
export function arraySource(rows: Cell[][], onClose: () => Promise<void> = async () => undefined): RowSource {
  let offset = 0;
  return {
    async next(pageSize) {
      const page = rows.slice(offset, offset + pageSize);
      offset += page.length;
      return { rows: page, done: offset >= rows.length, consumedRcu: 0 };
    },
    close: onClose,
  };
}
