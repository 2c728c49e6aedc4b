import type { ExplainDocument } from './explain-tree';
import { writeExplain, type ExplainWriter } from './explain-writer';

/**
 * A plan as `EXPLAIN (FORMAT XML)` gives it, as Postgres's explain.c writes it — what DBeaver's plan
 * view reads (its EXPLAIN is always FORMAT XML). Each property an element named after it, a
 * character XML names cannot hold (a space) a hyphen; nested plans under `<Plans>`:
 *   <explain xmlns="http://www.postgresql.org/2009/explain">
 *     <Query>
 *       <Plan>
 *         <Node-Type>Foreign Scan</Node-Type>
 *         <Key-Condition>pk = 'a'</Key-Condition>
 *         ...
 * A property not known (JSON's null: a read without statistics has no cost) is left out, as Postgres
 * leaves out what it does not show.
 */
export function explainXml(document: ExplainDocument): string {
  return writeExplain(document, new XmlWriter());
}

class XmlWriter implements ExplainWriter {
  private out = '<explain xmlns="http://www.postgresql.org/2009/explain">\n';
  private indent = 1;

  open(objtype: string): void {
    this.out += `${this.spaces()}<${tag(objtype)}>\n`;
    this.indent++;
  }

  close(objtype: string): void {
    this.indent--;
    this.out += `${this.spaces()}</${tag(objtype)}>\n`;
  }

  property(label: string, value: string | null): void {
    if (value === null) return;
    this.out += `${this.spaces()}<${tag(label)}>${escapeXml(value)}</${tag(label)}>\n`;
  }

  list(label: string, values: readonly string[]): void {
    this.out += `${this.spaces()}<${tag(label)}>\n`;
    for (const v of values) this.out += `${this.spaces()}  <Item>${escapeXml(v)}</Item>\n`;
    this.out += `${this.spaces()}</${tag(label)}>\n`;
  }

  text(): string {
    return `${this.out}</explain>`;
  }

  private spaces(): string {
    return ' '.repeat(2 * this.indent);
  }
}

/** A label as an XML name, as explain.c's ExplainXMLTag makes it: any other character a hyphen. */
const tag = (label: string): string => label.replace(/[^A-Za-z0-9_.-]/g, '-');

/** Text as element content, as Postgres's escape_xml escapes it. */
const escapeXml = (s: string): string =>
  s.replace(/[&<>\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#x0d;' })[c]!);
