import type { ExplainDocument } from './explain-tree';
import { writeExplain, type ExplainWriter } from './explain-writer';

/**
 * A plan as `EXPLAIN (FORMAT YAML)` gives it, as Postgres's explain.c writes it: a list holding the
 * one query's mapping, each property `Label: value` (strings quoted as JSON strings, numbers and
 * booleans bare, a property not known `null`), nested plans a list under `Plans:`:
 *   - Plan:
 *       Node Type: "Foreign Scan"
 *       Total Cost: 0.5
 *       Plans:
 *         - Node Type: "Foreign Scan"
 *           Parent Relationship: "Outer"
 *     Planning Time: 0.1
 */
export function explainYaml(document: ExplainDocument): string {
  return writeExplain(document, new YamlWriter());
}

/**
 * Postgres's grouping stack: 0 where nothing is written yet at a level that is a list member (it
 * starts with "- "), so its first property follows on the same line.
 */
class YamlWriter implements ExplainWriter {
  private out = '';
  private indent = 0;
  private readonly stack = [0];

  open(_objtype: string, label: string | null): void {
    this.lineStarting();
    this.out += label === null ? '- ' : `${label}: `;
    this.stack.unshift(label === null ? 0 : 1);
    this.indent++;
  }

  close(): void {
    this.stack.shift();
    this.indent--;
  }

  property(label: string, value: string | null, numeric: boolean): void {
    this.lineStarting();
    this.out += `${label}: ${value === null ? 'null' : numeric ? value : JSON.stringify(value)}`;
  }

  list(label: string, values: readonly string[]): void {
    this.lineStarting();
    this.out += `${label}: `;
    for (const v of values) this.out += `\n${' '.repeat(this.indent * 2 + 2)}- ${JSON.stringify(v)}`;
  }

  text(): string {
    return this.out;
  }

  private lineStarting(): void {
    if (this.stack[0] === 0) this.stack[0] = 1;
    else this.out += `\n${' '.repeat(this.indent * 2)}`;
  }
}
