/** The contract's lossless JSON, where the web app looks for it: 38-digit numbers keep every digit. */
export {
  JSON_NULL,
  JsonNull,
  LosslessNumber,
  parseLosslessJson,
  stringifyLossless,
  type JsonValue,
} from '@dynascope/contract';
