import { EngineError, SqlState } from '../../errors';

/**
 * Postgres's own refusal of a MERGE whose target is a foreign table, made at parse analysis, so
 * EXPLAIN refuses it too (no FDW can MERGE). A MERGE into a table of the host's own that reads
 * foreign tables as its source runs as any statement over them does: the host merges from their rows.
 *   merge into ft using s on ... → 0A000 cannot execute MERGE on relation "ft"
 *   merge into lt using ft on lt.id = ft.id when matched then update set n = ft.n → MERGE 2
 */
export function mergeIntoForeignTable(relation: string): EngineError {
  return new EngineError(SqlState.featureNotSupported, `cannot execute MERGE on relation "${relation}"`, {
    detail: 'This operation is not supported for foreign tables.',
  });
}
