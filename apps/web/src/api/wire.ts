/**
 * The HTTP API's wire types under the names the web app uses: all of them are the contract's
 * (@dynascope/contract), which the API's routes are typed with too. Nothing is defined here.
 */
export type {
  AccessOperation,
  AttributeKeyInfo,
  CatalogColumn,
  CatalogServer,
  CatalogSnapshot,
  CatalogTable,
  Cell,
  Example as ExampleSnippet,
  IndexDescription,
  KeyRole,
  SampledAttribute,
  StreamFrame,
  TableDescription,
  Column as WireColumn,
  ErrorInfo as WireError,
  NextPage as WireNextPage,
  Plan as WirePlan,
  ProgressFrame as WireProgress,
  ScanPlan as WireScan,
  ScriptResult as WireScriptResult,
  StatementResult as WireStatement,
  WritePlan as WireWrite,
  PreviewRow as WirePreviewRow,
  PreviewStatement as WirePreviewStatement,
  WritePreviewResult as WireWritePreview,
} from '@dynascope/contract';
