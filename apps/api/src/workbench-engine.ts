import type { Engine } from '@dynascope/engine';

/** What the API needs from the engine: the routes depend on this, not on how the engine is built. */
export type WorkbenchEngine = Pick<
  Engine,
  | 'execute'
  | 'explain'
  | 'preview'
  | 'next'
  | 'closeCursor'
  | 'catalog'
  | 'listTables'
  | 'describeTable'
  | 'inspectTable'
  | 'ddl'
  | 'serverIdentity'
  | 'copyTo'
  | 'copyFrom'
  | 'copyPreview'
  | 'savedQueries'
  | 'savedQuerySql'
  | 'checkSavedQueries'
>;
