import type * as Contract from '@dynascope/contract';
import type { JsonNull, JsonValue } from '@dynascope/contract';

/**
 * The HTTP API's wire types under the names the web app uses: all of them are the contract's
 * (@dynascope/contract), which the API's routes are typed with too. Results are as the client holds
 * them (api/client.ts): a json/jsonb cell holding JSON null is `JSON_NULL`, SQL NULL is `null`.
 */
type Held = JsonValue | JsonNull;
export type Cell = Contract.Cell<Held>;
export type WireNextPage = Contract.NextPage<Held>;
export type WireScriptResult = Contract.ScriptResult<Held>;
export type WireStatement = Contract.StatementResult<Held>;

export type {
  AccessOperation,
  AttributeKeyInfo,
  CatalogColumn,
  CatalogServer,
  CatalogSnapshot,
  CatalogTable,
  DdlTarget,
  Example as ExampleSnippet,
  InspectedIndex,
  InspectedPart,
  TableInspection,
  IndexDescription,
  KeyRole,
  SampledAttribute,
  StreamFrame,
  TableDescription,
  Column as WireColumn,
  ErrorInfo as WireError,
  Plan as WirePlan,
  ProgressFrame as WireProgress,
  ScanPlan as WireScan,
  WritePlan as WireWrite,
  PreviewRow as WirePreviewRow,
  PreviewStatement as WirePreviewStatement,
  WritePreviewResult as WireWritePreview,
} from '@dynascope/contract';
