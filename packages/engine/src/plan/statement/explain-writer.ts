import type { ExplainDocument } from './explain-tree';

/**
 * How a structured EXPLAIN format writes groups and properties — Postgres's explain.c
 * ExplainOpenGroup / ExplainCloseGroup / ExplainProperty / ExplainPropertyList, one writer per format
 * (explain-xml.ts, explain-yaml.ts). `objtype` names a group in XML, `label` in YAML; an unlabelled
 * group is a member of a list ("Plans": each "Plan").
 */
export interface ExplainWriter {
  open(objtype: string, label: string | null): void;
  close(objtype: string): void;
  /** A scalar: `numeric` ones (numbers, booleans, YAML's null) unquoted; null: not known. */
  property(label: string, value: string | null, numeric: boolean): void;
  list(label: string, values: readonly string[]): void;
  /** The document, its opening and closing boilerplate around what was written. */
  text(): string;
}

/** A list's members' group name, as Postgres names them ("Plans" of "Plan"s); others are "Item"s. */
const members: Readonly<Record<string, string>> = { Plans: 'Plan', Triggers: 'Trigger' };

/** A key Postgres could have written as a label; an object keyed otherwise (DynamoDB's data) is one JSON text. */
const label = /^[A-Za-z][A-Za-z0-9 _.-]*$/;

/**
 * One EXPLAIN document (explain-tree.ts) through a format's writer, in Postgres's order: the "Query"
 * group, its "Plan" group, nested "Plans", then the statement's figures:
 *   { Plan: { 'Node Type': 'Foreign Scan', Plans: [...] }, 'Planning Time': 0.1 }
 *   → XML <Query><Plan><Node-Type>Foreign Scan</Node-Type><Plans><Plan>…
 *   → YAML - Plan: ⏎    Node Type: "Foreign Scan" ⏎    Plans: ⏎      - Node Type: …
 */
export function writeExplain(document: ExplainDocument, writer: ExplainWriter): string {
  writer.open('Query', null);
  // What FORMAT JSON shows of it, no more nor less (a DynamoDB request's key serialises itself).
  entries(JSON.parse(JSON.stringify(document)) as ExplainDocument, writer);
  writer.close('Query');
  return writer.text();
}

function entries(object: Record<string, unknown>, writer: ExplainWriter): void {
  for (const [key, value] of Object.entries(object)) write(key, value, writer);
}

function write(key: string, value: unknown, writer: ExplainWriter): void {
  if (Array.isArray(value)) {
    if (value.every((v) => !isObject(v))) return writer.list(key, value.map(scalarText));
    writer.open(key, key);
    for (const member of value) {
      if (!isObject(member)) {
        writer.property('Item', scalarText(member), typeof member !== 'string');
        continue;
      }
      const objtype = members[key] ?? 'Item';
      writer.open(objtype, null);
      entries(member, writer);
      writer.close(objtype);
    }
    return writer.close(key);
  }
  if (isObject(value)) {
    if (!Object.keys(value).every((k) => label.test(k)))
      return writer.property(key, JSON.stringify(value), false);
    writer.open(key, key);
    entries(value, writer);
    return writer.close(key);
  }
  if (value === null || value === undefined) return writer.property(key, null, true);
  writer.property(key, scalarText(value), typeof value !== 'string');
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const scalarText = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
