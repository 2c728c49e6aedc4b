import { LosslessNumber, type JsonValue } from '../api/lossless-json';
import type { SampledAttribute } from '../api/wire';

/** The DynamoDB type a JSON value is written as when the catch-all object is spread into attributes. */
export function writtenType(value: JsonValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string') return 'S';
  if (typeof value === 'number' || value instanceof LosslessNumber) return 'N';
  if (typeof value === 'boolean') return 'BOOL';
  return Array.isArray(value) ? 'L' : 'M';
}

/** One member of a jsonb object as DynamoDB holds it. */
export interface MemberType {
  readonly name: string;
  /** What the edited value writes. */
  readonly written: string;
  /** The types DynamoDB's sample of the table holds for the attribute (`SS`, `N`...), when known. */
  readonly sampled: readonly string[];
  /** The sample holds another type (a string set written back as a list, a number as a string). */
  readonly changes: boolean;
}

/**
 * The DynamoDB types of a jsonb object's members: what each writes as an attribute (the catch-all
 * is spread with native types) beside what the table's sample holds, so `{"tags": ["a"]}` over a
 * `tags` sampled as SS says it writes L.
 *   {"n": 1.5, "tags": ["a"]} with tags sampled {SS: 40} → n N (sample unknown); tags L (sampled SS, changes)
 */
export function memberTypes(value: JsonValue, sampled: readonly SampledAttribute[]): MemberType[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof LosslessNumber)
    return [];
  return Object.entries(value).map(([name, v]) => {
    const written = writtenType(v);
    const seen = Object.keys(sampled.find((a) => a.name === name)?.types ?? {});
    return { name, written, sampled: seen, changes: seen.length > 0 && !seen.includes(written) };
  });
}
