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
  CreateTableAsStmt: 'SELECT',
  ExplainStmt: 'EXPLAIN',
  VariableSetStmt: 'SET',
  VariableShowStmt: 'SHOW',
  TruncateStmt: 'TRUNCATE TABLE',
  CommentStmt: 'COMMENT',
  IndexStmt: 'CREATE INDEX',
  CreateFunctionStmt: 'CREATE FUNCTION',
  CreateUserMappingStmt: 'CREATE USER MAPPING',
  DoStmt: 'DO',
  RefreshMatViewStmt: 'REFRESH MATERIALIZED VIEW',
  DropUserMappingStmt: 'DROP USER MAPPING',
  AlterUserMappingStmt: 'ALTER USER MAPPING',
  SecLabelStmt: 'SECURITY LABEL',
  CreateTableSpaceStmt: 'CREATE TABLESPACE',
  DeclareCursorStmt: 'DECLARE CURSOR',
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
};

const TRANSACTION_KINDS: Record<string, string> = {
  TRANS_STMT_BEGIN: 'BEGIN',
  TRANS_STMT_START: 'START TRANSACTION',
  TRANS_STMT_COMMIT: 'COMMIT',
  TRANS_STMT_ROLLBACK: 'ROLLBACK',
  TRANS_STMT_SAVEPOINT: 'SAVEPOINT',
  TRANS_STMT_RELEASE: 'RELEASE',
  TRANS_STMT_ROLLBACK_TO: 'ROLLBACK',
};

/** Postgres's command tag for a statement: `{ CreateForeignServerStmt }` → 'CREATE SERVER'. */
export function commandTag(node: unknown, text: string): string {
  const kind = kindOf(node) ?? '';
  if (kind === 'DropStmt') return DROP_KINDS[String(as(node, 'DropStmt')?.removeType)] ?? firstWords(text);
  if (kind === 'TransactionStmt')
    return TRANSACTION_KINDS[String(as(node, 'TransactionStmt')?.kind)] ?? firstWords(text);
  if (kind === 'ClosePortalStmt')
    return as(node, 'ClosePortalStmt')?.portalname === undefined ? 'CLOSE CURSOR ALL' : 'CLOSE CURSOR';
  if (kind === 'GrantStmt') return as(node, 'GrantStmt')?.is_grant ? 'GRANT' : 'REVOKE';
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

function firstWords(text: string): string {
  const words = text
    .trim()
    .split(/\s+/)
    .slice(0, 2)
    .map((w) => w.replace(/[^A-Za-z_]/g, '').toUpperCase());
  return ['CREATE', 'ALTER', 'DROP', 'GRANT', 'REVOKE'].includes(words[0]!) ? words.join(' ') : words[0]!;
}
