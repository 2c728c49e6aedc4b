import type { Engine } from '@dynascope/engine';

/** What a wire connection needs from the engine. */
export type WireEngine = Pick<
  Engine,
  | 'execute'
  | 'explain'
  | 'next'
  | 'closeCursor'
  | 'copyTo'
  | 'copyFrom'
  | 'inTransaction'
  | 'savepointDepth'
  | 'cursorColumns'
  | 'sessionSettings'
  | 'closeSession'
  | 'typeOids'
  | 'touchSession'
  | 'startSession'
  | 'endPipeline'
  | 'pipelineOpen'
>;
