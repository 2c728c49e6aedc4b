/**
 * JSON null in a json/jsonb cell as a client holds it once received (`receivedJsonNulls`): a value,
 * unlike SQL NULL (`null`). JSON.stringify and stringifyLossless write it as `null`.
 */
export class JsonNull {
  toJSON(): null {
    return null;
  }
}

/** The one JsonNull: `cell === JSON_NULL` says a cell is JSON null. */
export const JSON_NULL: JsonNull = Object.freeze(new JsonNull());
