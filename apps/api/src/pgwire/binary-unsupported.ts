import { EngineError, SqlState } from '@dynascope/engine';

/**
 * The 0A000 error for a value the wire cannot put in (or read from) binary, naming its type:
 *   binaryUnsupported(600) → "binary format for type oid 600 is not supported"
 *   binaryUnsupported(1184, 'zone "CET" …') → the same, with that detail
 */
export function binaryUnsupported(oid: number, detail?: string): EngineError {
  return new EngineError(SqlState.featureNotSupported, `binary format for type oid ${oid} is not supported`, {
    detail,
    hint: detail
      ? 'SET DateStyle = ISO, or ask for this column in text format'
      : 'ask for this column or parameter in text format',
  });
}
