export { Engine, type EngineOptions } from './engine';
export { abortedBlockError, EngineError, SqlState } from './errors';
export * from './types';
export { listAwsProfiles } from './dynamo/credentials/aws-profiles';
export { copyFormat, copyShape, type CopyShape } from './copy/copy-format';
export { statementCount } from './parse/statement-count';
export { REPORTED_SETTINGS } from './session/reported-settings';
export { codePointCount } from './parse/code-point-count';
export { civilFromDays, civilToDays } from './util/civil-days';
