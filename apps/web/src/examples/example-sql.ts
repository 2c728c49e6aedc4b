/** The text a picked example opens with: its title and description as comments, then its SQL. */
export function exampleSql(e: {
  readonly title?: string;
  readonly description?: string;
  readonly sql: string;
}): string {
  const description = e.description
    ? e.description
        .split('\n')
        .map((l) => `-- ${l}\n`)
        .join('')
    : '';
  return `-- ${e.title || 'Example'}\n${description}${e.sql.trim()}\n`;
}
