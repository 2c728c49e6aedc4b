import type { JsonValue } from '../json/lossless-json';

/**
 * A result cell: int2/int4/float4/float8 → number, boolean → boolean, SQL NULL → null,
 * json/jsonb → `Json`, every other type (int8, numeric, text, dates, bytea as `\x...`) →
 * Postgres's text output, so no precision is lost. `Json` is the value as the client parsed it
 * (the default) or, on the server, the `JsonText` that is written verbatim.
 */
export type Cell<Json = JsonValue> = string | number | boolean | null | Json;

/**
 * A json/jsonb cell holding JSON null, by its place in the answer's `rows`: `[row, column]`, both
 * 0-based. The cell itself is sent as `null`, as SQL NULL is (design.md's contract), so clients that
 * ignore `jsonNulls` see what they always saw.
 */
export type JsonNullCell = readonly [row: number, column: number];
