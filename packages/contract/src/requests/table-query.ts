import { z } from 'zod';

/** Largest sample of items the table designer may ask for. */
export const MAX_SAMPLE_SIZE = 1000;

const sampleSizeError = { error: `"sampleSize" must be an integer from 0 to ${MAX_SAMPLE_SIZE}` };

/** `?sampleSize=n` of `GET /api/servers/:server/tables/:table`: how many items to sample. */
export const tableQuery = z.object({
  sampleSize: z
    .string(sampleSizeError)
    .transform(Number)
    .pipe(z.int(sampleSizeError).min(0).max(MAX_SAMPLE_SIZE))
    .optional(),
});
