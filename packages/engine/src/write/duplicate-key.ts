import { EngineError, SqlState } from '../errors';

/**
 * The error of one write statement putting one key twice — two rows of an INSERT, two input lines of
 * a COPY, two INSERTs of one statement (write/statement-puts.ts): DynamoDB keeps one item per key, so
 * the later put would silently replace the earlier item. Refused before anything is sent with
 * Postgres's code for a table with that key (`23505`, which drivers report as a unique violation:
 * psycopg's UniqueViolation, Spring's DuplicateKeyException), named after the relation as Postgres
 * names its key's constraint:
 *   insert into ft values ('a', 1), ('a', 2)
 *   → 23505 duplicate key value violates the key of "ft"
 *     DETAIL: Key {"id":{"S":"a"}} is inserted twice by this INSERT: ...
 */
export function duplicateKeyError(
  relation: string,
  detail: string,
  more: { readonly hint?: string; readonly context?: string } = {},
): EngineError {
  return new EngineError(SqlState.uniqueViolation, `duplicate key value violates the key of "${relation}"`, {
    detail,
    ...more,
  });
}
