import { isProductionEnvironment } from '@dynascope/contract';
import type { CatalogSnapshot, WirePlan } from '../api/wire';
import type { GuardDecision, GuardReason } from '../guard/cost-guard';

/**
 * The writes of a script that go through a server marked `environment 'production'`: each is a
 * reason to confirm before running (the plan's write names its foreign table, the catalog its server).
 */
export function productionWrites(
  plans: readonly (WirePlan | null)[],
  catalog: CatalogSnapshot | null,
): GuardReason[] {
  if (!catalog) return [];
  const production = new Set(
    catalog.servers.filter((s) => isProductionEnvironment(s.options.environment)).map((s) => s.name),
  );
  const reasons: GuardReason[] = [];
  plans.forEach((plan, statementIndex) => {
    const relation = plan?.write?.relation;
    if (!relation) return;
    const table = catalog.tables.find((t) => `${t.schema}.${t.name}` === relation);
    if (table?.server && production.has(table.server)) {
      reasons.push({ kind: 'production-write', statementIndex, relation, server: table.server });
    }
  });
  return reasons;
}

/** A guard decision that also asks for these reasons. */
export function withReasons(decision: GuardDecision, more: readonly GuardReason[]): GuardDecision {
  return more.length ? { ...decision, confirm: true, reasons: [...decision.reasons, ...more] } : decision;
}
