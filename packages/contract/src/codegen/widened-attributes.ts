/**
 * The attributes a scan's FilterExpression tests more loosely than its SQL (plan/pushdown.ts widens
 * them): a text column also reads N and BOOL attributes, as their text, so its test keeps every item
 * whose attribute is not an S — items without it too — and a text `<>` keeps N and BOOL items whose
 * text may equal the constant. Dynascope checks those items again; so must code.
 *   `(#n0 = :v0 OR NOT attribute_type(#n0, :v1))` (:v1 = 'S')                        → {status}
 *   `(#n0 <> :v0 AND attribute_exists(#n0) AND NOT attribute_type(#n0, :v1))`         → {status}
 *   `#n0 > :v0` / `(#n0 <> :v0 AND attribute_type(#n0, :v1))` (:v1 = 'N')             → {}
 */
export function widenedAttributes(
  filter: string | null,
  names: Readonly<Record<string, string>>,
  values: Readonly<Record<string, unknown>>,
): ReadonlySet<string> {
  const widened = new Set<string>();
  if (!filter) return widened;
  for (const m of filter.matchAll(/OR NOT attribute_type\((#\w+), (:\w+)\)/g))
    if ((values[m[2]!] as { S?: string } | undefined)?.S === 'S' && names[m[1]!]) widened.add(names[m[1]!]!);
  for (const m of filter.matchAll(/\((#\w+) <> :\w+ AND attribute_exists\(\1\)/g))
    if (names[m[1]!]) widened.add(names[m[1]!]!);
  return widened;
}
