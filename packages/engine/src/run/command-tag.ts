import { as, kindOf } from '../parse/ast';

const TAGS: Record<string, string> = {
  SelectStmt: 'SELECT',
  InsertStmt: 'INSERT',
  UpdateStmt: 'UPDATE',
  DeleteStmt: 'DELETE',
  MergeStmt: 'MERGE',
  CreateStmt: 'CREATE TABLE',
  CreateForeignTableStmt: 'CREATE FOREIGN TABLE',
  CreateFdwStmt: 'CREATE FOREIGN DATA WRAPPER',
  AlterFdwStmt: 'ALTER FOREIGN DATA WRAPPER',
  CreateForeignServerStmt: 'CREATE SERVER',
  AlterForeignServerStmt: 'ALTER SERVER',
  ImportForeignSchemaStmt: 'IMPORT FOREIGN SCHEMA',
  CreateSchemaStmt: 'CREATE SCHEMA',
  ViewStmt: 'CREATE VIEW',
  ExplainStmt: 'EXPLAIN',
  VariableSetStmt: 'SET',
  VariableShowStmt: 'SHOW',
  TruncateStmt: 'TRUNCATE TABLE',
  CommentStmt: 'COMMENT',
  IndexStmt: 'CREATE INDEX',
  CreateUserMappingStmt: 'CREATE USER MAPPING',
  DoStmt: 'DO',
  RefreshMatViewStmt: 'REFRESH MATERIALIZED VIEW',
  DropUserMappingStmt: 'DROP USER MAPPING',
  AlterUserMappingStmt: 'ALTER USER MAPPING',
  SecLabelStmt: 'SECURITY LABEL',
  CreateTableSpaceStmt: 'CREATE TABLESPACE',
  DeclareCursorStmt: 'DECLARE CURSOR',
  LockStmt: 'LOCK TABLE',
  ConstraintsSetStmt: 'SET CONSTRAINTS',
  ReassignOwnedStmt: 'REASSIGN OWNED',
};

const DROP_KINDS: Record<string, string> = {
  OBJECT_TABLE: 'DROP TABLE',
  OBJECT_FOREIGN_TABLE: 'DROP FOREIGN TABLE',
  OBJECT_FOREIGN_SERVER: 'DROP SERVER',
  OBJECT_FDW: 'DROP FOREIGN DATA WRAPPER',
  OBJECT_SCHEMA: 'DROP SCHEMA',
  OBJECT_VIEW: 'DROP VIEW',
  OBJECT_INDEX: 'DROP INDEX',
  OBJECT_FUNCTION: 'DROP FUNCTION',
  OBJECT_MATVIEW: 'DROP MATERIALIZED VIEW',
  OBJECT_SEQUENCE: 'DROP SEQUENCE',
  OBJECT_TYPE: 'DROP TYPE',
  OBJECT_STATISTIC_EXT: 'DROP STATISTICS',
};

const TRANSACTION_KINDS: Record<string, string> = {
  TRANS_STMT_BEGIN: 'BEGIN',
  TRANS_STMT_START: 'START TRANSACTION',
  TRANS_STMT_COMMIT: 'COMMIT',
  TRANS_STMT_ROLLBACK: 'ROLLBACK',
  TRANS_STMT_SAVEPOINT: 'SAVEPOINT',
  TRANS_STMT_RELEASE: 'RELEASE',
  TRANS_STMT_ROLLBACK_TO: 'ROLLBACK',
  TRANS_STMT_PREPARE: 'PREPARE TRANSACTION',
  TRANS_STMT_COMMIT_PREPARED: 'COMMIT PREPARED',
  TRANS_STMT_ROLLBACK_PREPARED: 'ROLLBACK PREPARED',
};

/** Postgres's command tag for a statement: `{ CreateForeignServerStmt }` → 'CREATE SERVER'. */
export function commandTag(node: unknown, text: string): string {
  const kind = kindOf(node) ?? '';
  if (kind === 'DropStmt') return DROP_KINDS[String(as(node, 'DropStmt')?.removeType)] ?? firstWords(text);
  if (kind === 'TransactionStmt')
    return TRANSACTION_KINDS[String(as(node, 'TransactionStmt')?.kind)] ?? firstWords(text);
  if (kind === 'ClosePortalStmt')
    return as(node, 'ClosePortalStmt')?.portalname === undefined ? 'CLOSE CURSOR ALL' : 'CLOSE CURSOR';
  if (kind === 'CreateTableAsStmt') {
    // Its rows' count with data (`SELECT 5`); without, what it created.
    const ctas = as(node, 'CreateTableAsStmt');
    if (!ctas?.into?.skipData) return 'SELECT';
    return ctas.objtype === 'OBJECT_MATVIEW' ? 'CREATE MATERIALIZED VIEW' : 'CREATE TABLE AS';
  }
  if (kind === 'CreateFunctionStmt')
    return as(node, 'CreateFunctionStmt')?.is_procedure ? 'CREATE PROCEDURE' : 'CREATE FUNCTION';
  if (kind === 'GrantStmt') return as(node, 'GrantStmt')?.is_grant ? 'GRANT' : 'REVOKE';
  if (kind === 'GrantRoleStmt') return as(node, 'GrantRoleStmt')?.is_grant ? 'GRANT ROLE' : 'REVOKE ROLE';
  if (kind === 'VariableSetStmt')
    return String(as(node, 'VariableSetStmt')?.kind).startsWith('VAR_RESET') ? 'RESET' : 'SET';
  if (kind === 'DiscardStmt')
    return `DISCARD ${String(as(node, 'DiscardStmt')?.target ?? 'DISCARD_ALL').replace('DISCARD_', '')}`;
  if (kind === 'AlterTableStmt')
    return as(node, 'AlterTableStmt')?.objtype === 'OBJECT_FOREIGN_TABLE'
      ? 'ALTER FOREIGN TABLE'
      : firstWords(text);
  return TAGS[kind] ?? firstWords(text);
}

/**
 * The tag Postgres gives a statement no rule above names, from its words: the verb, and for CREATE,
 * ALTER and DROP the object's name without the options before it (`CREATE OR REPLACE RULE` → CREATE
 * RULE, `CREATE TEMP SEQUENCE` → CREATE SEQUENCE, `CREATE CONSTRAINT TRIGGER` → CREATE TRIGGER) and
 * whole when it is several words (`DROP TEXT SEARCH CONFIGURATION`, `CREATE EVENT TRIGGER`).
 */
function firstWords(text: string): string {
  const words = text
    .trim()
    .split(/\s+/)
    .slice(0, 8)
    .map((w) => w.replace(/[^A-Za-z_]/g, '').toUpperCase());
  const verb = words[0]!;
  if (!['CREATE', 'ALTER', 'DROP'].includes(verb)) return verb;
  let at = 1;
  if (verb === 'CREATE') while (CREATE_OPTIONS.has(words[at] ?? '') && words[at + 1]) at++;
  const object = OBJECT_NAMES.find((name) => name.every((w, i) => words[at + i] === w));
  return [verb, ...(object ?? [words[at] ?? ''])].join(' ').trim();
}

/** Words between CREATE and the object's name: `CREATE OR REPLACE`, `CREATE TEMP`, `CREATE UNIQUE`. */
const CREATE_OPTIONS = new Set([
  'OR',
  'REPLACE',
  'TEMP',
  'TEMPORARY',
  'UNLOGGED',
  'GLOBAL',
  'LOCAL',
  'UNIQUE',
  'CONSTRAINT',
  'TRUSTED',
  'PROCEDURAL',
  'DEFAULT',
  'RECURSIVE',
]);

/** Object names of more than one word, as tags spell them. */
const OBJECT_NAMES = [
  ['MATERIALIZED', 'VIEW'],
  ['FOREIGN', 'DATA', 'WRAPPER'],
  ['FOREIGN', 'TABLE'],
  ['TEXT', 'SEARCH', 'CONFIGURATION'],
  ['TEXT', 'SEARCH', 'DICTIONARY'],
  ['TEXT', 'SEARCH', 'PARSER'],
  ['TEXT', 'SEARCH', 'TEMPLATE'],
  ['EVENT', 'TRIGGER'],
  ['ACCESS', 'METHOD'],
  ['USER', 'MAPPING'],
  ['OPERATOR', 'CLASS'],
  ['OPERATOR', 'FAMILY'],
  ['DEFAULT', 'PRIVILEGES'],
  ['LARGE', 'OBJECT'],
];
