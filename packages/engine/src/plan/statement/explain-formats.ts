import type { Plan } from '../../types';
import type { ExplainFormat } from './explain-options';
import { explainTree, type TreeOptions } from './explain-tree';
import { explainXml } from './explain-xml';
import { explainYaml } from './explain-yaml';

/** The QUERY PLAN column's type in each format, as Postgres's: json, xml, else text. */
export const explainColumnType = (format: ExplainFormat): 'json' | 'xml' | 'text' =>
  format === 'json' ? 'json' : format === 'xml' ? 'xml' : 'text';

/**
 * A plan in one of Postgres's structured EXPLAIN formats, each one value: the same tree
 * (explain-tree.ts) as JSON (an array holding the query's object), XML or YAML.
 *   explain (format yaml) select * from items where pk = 'a'  →  '- Plan: \n    Node Type: "Foreign Scan"…'
 */
export function explainDocument(
  plan: Plan,
  format: Exclude<ExplainFormat, 'text'>,
  options: TreeOptions,
): string {
  const document = explainTree(plan, options);
  if (format === 'xml') return explainXml(document);
  if (format === 'yaml') return explainYaml(document);
  return JSON.stringify([document], null, 2);
}
