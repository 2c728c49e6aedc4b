/** Text replacements in a statement, with a map from positions in the result back to the original. */
export interface Splice {
  readonly start: number;
  readonly end: number;
  readonly replacement: string;
}

export interface Spliced {
  readonly text: string;
  /** 1-based position in the spliced text → 1-based position in the original. */
  readonly originalPosition: (position: number) => number;
}

/** Applies non-overlapping splices. `applySplices('a b', [{start:0,end:1,replacement:'xyz'}])` → `xyz b`. */
export function applySplices(text: string, splices: readonly Splice[]): Spliced {
  const sorted = [...splices].sort((a, b) => a.start - b.start);
  let out = '';
  let cursor = 0;
  const marks: { newStart: number; newEnd: number; start: number; end: number }[] = [];
  for (const s of sorted) {
    out += text.slice(cursor, s.start);
    const newStart = out.length;
    out += s.replacement;
    marks.push({ newStart, newEnd: out.length, start: s.start, end: s.end });
    cursor = s.end;
  }
  out += text.slice(cursor);
  return {
    text: out,
    originalPosition: (position) => {
      const p = position - 1;
      let shift = 0;
      for (const m of marks) {
        if (p < m.newStart) break;
        if (p < m.newEnd) return m.start + 1;
        shift = m.end - m.newEnd;
      }
      return p + shift + 1;
    },
  };
}
