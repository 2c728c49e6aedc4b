import { z } from 'zod';

const text = (field: string, max: number) =>
  z
    .string({ error: `"${field}" must be a string of 1 to ${max} characters` })
    .min(1)
    .max(max);

/**
 * The query of `POST /api/copy?sql=<COPY ... FROM STDIN ...>[&session=][&requestId=][&dryRun=1]` (the
 * data is the raw body): `dryRun=1` (or `true`) checks all of the data and answers a `CopyPreview`,
 * writing nothing; `requestId` lets `POST /api/sql/cancel` stop it, as for any other request.
 */
export const copyFromQuery = z.object({
  sql: text('sql', 100_000),
  session: text('session', 200).optional(),
  requestId: text('requestId', 200).optional(),
  dryRun: z
    .enum(['1', 'true', '0', 'false'], { error: '"dryRun" must be 1, true, 0 or false' })
    .transform((v) => v === '1' || v === 'true')
    .optional(),
});

export type CopyFromQuery = z.input<typeof copyFromQuery>;
