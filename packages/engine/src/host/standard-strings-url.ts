/**
 * The URL with its `options` taken out, and those options with standard_conforming_strings on last:
 * the engine checks user SQL as libpg-query reads it, with it on (statement-policy.ts), so every
 * connection starts with it on, whatever the server's configuration or the URL says (node-postgres
 * lets the URL's options win over the config's, so they are moved, not added to).
 */
export function withStandardStrings(url: string): { connectionString: string; options: string } {
  const on = '-c standard_conforming_strings=on';
  try {
    const parsed = new URL(url);
    const given = parsed.searchParams.get('options');
    parsed.searchParams.delete('options');
    return { connectionString: parsed.toString(), options: [given, on].filter(Boolean).join(' ') };
  } catch {
    return { connectionString: url, options: on };
  }
}
