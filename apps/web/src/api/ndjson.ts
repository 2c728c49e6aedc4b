/**
 * Incremental NDJSON splitting: feed text chunks, get complete lines back; the unfinished tail
 * stays buffered. `push('{"a":1}\n{"b"')` → ['{"a":1}'], then `push(':2}\n')` → ['{"b":2}'].
 */
export class NdjsonSplitter {
  private tail = '';

  push(chunk: string): string[] {
    const text = this.tail + chunk;
    const lines = text.split('\n');
    this.tail = lines.pop() ?? '';
    return lines.map((l) => l.trim()).filter((l) => l.length > 0);
  }

  /** Whatever is left once the stream ended. */
  end(): string[] {
    const rest = this.tail.trim();
    this.tail = '';
    return rest ? [rest] : [];
  }
}
