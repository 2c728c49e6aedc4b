/**
 * The HTTP API's wire contract, shared by the engine (which produces the results), the API (which
 * validates requests and writes answers) and the web app (which reads them). No engine code.
 */
export { JsonText } from './json/json-text';
export { JSON_NULL, JsonNull } from './json/json-null';
export { LosslessNumber, parseLosslessJson, stringifyLossless, type JsonValue } from './json/lossless-json';
export type { Received } from './json/received';
export { compareCodePoints } from './text/compare-code-points';
export type { AwsProfile, AwsProfileKind, AwsProfileList } from './results/aws-profile';
export type { Cell, JsonNullCell } from './results/cell';
export {
  jsonNullCells,
  receivedPage,
  receivedScript,
  sentPage,
  sentScript,
  withJsonNulls,
} from './results/json-null-cells';
export {
  COPY_CONTENT_TYPES,
  COPY_PROGRESS_TYPE,
  type CopyFormat,
  type CopyFrame,
  type CopyPreview,
  type CopyProgress,
  type CopyResult,
} from './results/copy-result';
export type { CatalogColumn, CatalogServer, CatalogSnapshot, CatalogTable, KeyRole } from './results/catalog';
export type { ErrorBody, ErrorDiagnostics, ErrorInfo, SqlError } from './results/error-info';
export type { Example, ExampleList } from './results/example';
export type {
  AccessOperation,
  DynamoRequest,
  EstimateBasis,
  KeyFetchDeclined,
  KeyFetchPlan,
  Plan,
  RateLimitSource,
  ReadRateLimit,
  ScanPlan,
  WritePlan,
  WriteRateLimit,
} from './results/plan';
export { planRcu, samplingRcu } from './results/plan-rcu';
export type {
  Column,
  NextPage,
  Progress,
  Redaction,
  ScriptResult,
  StatementResult,
} from './results/script-result';
export type { ConnectionInfo, PostgresEndpoint } from './results/postgres-endpoint';
export type { DemoFill, DemoStatus } from './results/demo-status';
export type { ServerIdentity } from './results/server-identity';
export { isProductionEnvironment } from './results/server-environment';
export { credentialDestination, endpointDestination } from './results/credential-destination';
export type { ProgressFrame, StreamFrame } from './results/stream-frame';
export type {
  AttributeKeyInfo,
  IndexDescription,
  SampledAttribute,
  TableDescription,
  TableList,
} from './results/table-description';
export {
  cancelRequest,
  closeRequest,
  copyRequest,
  MAX_PAGE_SIZE,
  nextRequest,
  previewRequest,
  sqlRequest,
  type CancelRequest,
  type CloseRequest,
  type CopyRequest,
  type NextRequest,
  type PreviewRequest,
  type SqlRequest,
} from './requests/request-bodies';
export type { PreviewRow, PreviewStatement, WritePreviewResult } from './results/write-preview';
export { MAX_SAMPLE_SIZE, tableQuery } from './requests/table-query';
export { ddlQuery, type DdlTarget } from './requests/ddl-query';
export type { CatalogDdl } from './results/catalog-ddl';
export {
  SIZE_REFRESH_HOURS,
  type CapacityUnits,
  type InspectedCapacity,
  type InspectedIndex,
  type InspectedPart,
  type TableInspection,
  type WarmThroughput,
} from './results/table-inspection';
export { copyFromQuery, type CopyFromQuery } from './requests/copy-from-query';
export type { ApiApp, ApiSchema } from './api-schema';
export { CODE_TARGETS, scanCode, type CodeTarget } from './codegen/scan-code';
export { readCalls, type CodeScan, type ReadCalls } from './codegen/read-calls';
export { residualChecks, type ResidualCheck } from './codegen/residual-checks';
export {
  savedQueryBody,
  savedQuerySearch,
  savedQueryValues,
  type AccessPath,
  type SavedQuery,
  type SavedQueryBody,
  type SavedQueryCheck,
  type SavedQueryCheckReport,
  type SavedQueryExpectation,
  type SavedQueryList,
  type SavedQueryParam,
  type SavedQuerySql,
  type SavedQueryValues,
} from './saved/saved-query';
export {
  DEFAULT_PRICE_REGION,
  formatUsd,
  PRICE_TABLE_DATE,
  regionPrices,
  statementPrice,
  type BillingMode,
  type PriceOverrides,
  type RegionPrices,
  type StatementPrice,
} from './prices/statement-price';
export {
  consumedPrice,
  estimatedPrice,
  scanPrice,
  type PlanPrice,
  type PricedPart,
} from './prices/plan-price';
