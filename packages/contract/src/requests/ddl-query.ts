import { z } from 'zod';

/** What `GET /api/ddl` shows: a server, a schema with its foreign tables, or one table. */
export type DdlTarget =
  | { readonly kind: 'server'; readonly name: string }
  | { readonly kind: 'schema'; readonly name: string }
  | { readonly kind: 'table'; readonly schema: string; readonly name: string };

const which = { error: 'give "server", or "schema" (and "table" for one of its tables)' };

/** `?server=s`, `?schema=s` or `?schema=s&table=t` of `GET /api/ddl` → the DdlTarget. */
export const ddlQuery = z
  .object({
    server: z.string().min(1).optional(),
    schema: z.string().min(1).optional(),
    table: z.string().min(1).optional(),
  })
  .refine((q) => (q.server !== undefined) !== (q.schema !== undefined) && !(q.table && !q.schema), which)
  .transform((q): DdlTarget =>
    q.server !== undefined
      ? { kind: 'server', name: q.server }
      : q.table !== undefined
        ? { kind: 'table', schema: q.schema!, name: q.table }
        : { kind: 'schema', name: q.schema! },
  );
