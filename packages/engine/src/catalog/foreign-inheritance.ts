import type { AlterTableStmt, CreateStmt } from '@pgsql/types';
import { asRangeVar, type RangeVarFields } from '../bind/range-vars';
import { EngineError, SqlState } from '../errors';
import type { Host } from '../host/host';
import { as } from '../parse/ast';
import { isForeignTable } from './foreign-relations';

const DETAIL =
  'The engine reads a foreign table where a statement names it, or a view or SQL function it reads: a read of the parent would not reach the items.';
const HINT =
  'name the foreign table in a UNION ALL view instead: create view all_rows as select * from local_part union all select * from foreign_part';

/**
 * A foreign table as a partition or inheritance child, or a table inheriting from one, refused before
 * the DDL runs: Postgres would read the parent's foreign descendants through the FDW, and the engine
 * reads foreign tables only where a statement (or a view or SQL function it reads) names them.
 *   create foreign table p1 partition of events for values in ('a') server s options (...) → 0A000
 *   alter table events attach partition ft for values in ('b') → 0A000
 *   create table child () inherits (ft) → 0A000
 */
export async function refuseForeignInheritance(host: Host, node: unknown): Promise<void> {
  const foreignCreate = as(node, 'CreateForeignTableStmt')?.base;
  if (foreignCreate) {
    const parent = inheritsFrom(foreignCreate)[0];
    if (parent)
      throw refusal(
        foreignCreate.partbound
          ? `foreign table "${foreignCreate.relation?.relname}" cannot be a partition of "${parent.relname}"`
          : `foreign table "${foreignCreate.relation?.relname}" cannot inherit from "${parent.relname}"`,
        parent,
      );
    return;
  }
  const create = as(node, 'CreateStmt');
  if (create) {
    for (const parent of inheritsFrom(create))
      if (await isForeignTable(host, parent))
        throw refusal(
          `table "${create.relation?.relname}" cannot inherit from foreign table "${parent.relname}"`,
          parent,
        );
    return;
  }
  const alter = as(node, 'AlterTableStmt');
  if (alter) await refuseAlter(host, alter);
}

async function refuseAlter(host: Host, alter: AlterTableStmt): Promise<void> {
  const relation = alter.relation && asRangeVar({ RangeVar: alter.relation });
  if (!relation) return;
  for (const c of alter.cmds ?? []) {
    const cmd = as(c, 'AlterTableCmd');
    if (cmd?.subtype === 'AT_AttachPartition') {
      const partition = as(cmd.def, 'PartitionCmd')?.name;
      const rv = partition && asRangeVar({ RangeVar: partition });
      if (rv && (await isForeignTable(host, rv)))
        throw refusal(`foreign table "${rv.relname}" cannot be a partition of "${relation.relname}"`, rv);
    }
    if (cmd?.subtype === 'AT_AddInherit') {
      const parent = asRangeVar(cmd.def);
      if (await isForeignTable(host, relation))
        throw refusal(
          `foreign table "${relation.relname}" cannot inherit from "${parent?.relname}"`,
          relation,
        );
      if (parent && (await isForeignTable(host, parent)))
        throw refusal(
          `table "${relation.relname}" cannot inherit from foreign table "${parent.relname}"`,
          parent,
        );
    }
  }
}

function inheritsFrom(create: CreateStmt): RangeVarFields[] {
  return (create.inhRelations ?? []).flatMap((r) => asRangeVar(r) ?? []);
}

function refusal(message: string, at: RangeVarFields): EngineError {
  return new EngineError(SqlState.featureNotSupported, message, {
    position: at.location + 1,
    detail: DETAIL,
    hint: HINT,
  });
}
