/**
 * A json/jsonb cell as the server holds it: Postgres's JSON text, kept verbatim so that no number
 * loses a digit. `stringifyLossless` writes it as it is; plain `JSON.stringify` refuses it, since
 * any JavaScript value it could turn into would round 38-digit numbers.
 */
export class JsonText {
  constructor(readonly text: string) {}

  toJSON(): never {
    throw new TypeError(
      'A JsonText cell is written with stringifyLossless (JSON.stringify would round its numbers)',
    );
  }
}
