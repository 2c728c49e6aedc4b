import type { z } from 'zod';
import { ApiError } from './api-error';

/** The value as `schema` reads it, or a 400 saying what is wrong (the first problem zod found). */
export function validated<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ApiError(400, result.error.issues[0]?.message ?? 'Invalid request');
}
