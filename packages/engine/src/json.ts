/**
 * JSON text of a result, with json/jsonb cells (`JsonText`) written verbatim so their numbers keep
 * every digit: the contract's lossless writer, under the name the engine's tests use.
 */
export { stringifyLossless as toJson } from '@dynascope/contract';
