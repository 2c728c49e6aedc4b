import type { Example } from '@dynascope/contract';

/**
 * Splits an examples file into examples: each starts at a `-- title: <title>` line, the comment
 * lines right after it are the description, and the rest up to the next title is the SQL.
 *
 * `-- title: A\n-- Reads one item.\nselect 1;` → `[{ title: 'A', description: 'Reads one item.', sql: 'select 1;' }]`
 */
export function parseExamples(text: string): Example[] {
  const examples: Example[] = [];
  let current: { title: string; description: string[]; sql: string[] } | null = null;
  const flush = () => {
    if (current) {
      examples.push({
        title: current.title,
        description: current.description.join(' '),
        sql: current.sql.join('\n').trim(),
      });
    }
  };
  for (const line of text.split(/\r?\n/)) {
    const title = /^--\s*title:\s*(.+)$/.exec(line);
    if (title) {
      flush();
      current = { title: title[1]!.trim(), description: [], sql: [] };
    } else if (current && current.sql.length === 0 && line.startsWith('--')) {
      current.description.push(line.replace(/^--\s?/, '').trim());
    } else if (current && (current.sql.length > 0 || line.trim() !== '')) {
      current.sql.push(line);
    }
  }
  flush();
  return examples;
}
