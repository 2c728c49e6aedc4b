import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import type { Plan } from '../../src/types';
import { BACKENDS, type Backend } from '../support/harness';
import { differentialTables, loadDifferentialTables } from '../support/differential-data';
import { run, type Outcome } from '../support/differential-run';
import { randomSelects, type RandomSelect } from '../support/random-select';
import { compareAnswers } from '../support/compare-answers';

/**
 * Seeded random differential test: generated SELECTs over each differential table (the dataset of
 * differential.test.ts) run over `dynamodb.x` and over the host table `local.x` holding the same rows,
 * and must answer the same (random-select.ts says how each is compared; compare-answers.ts compares).
 * The statements are fixed by the seed: DIFFERENTIAL_SEED=S and DIFFERENTIAL_QUERIES=N (per table)
 * run others, or more, locally; DIFFERENTIAL_SEEDS=2..9 (or 2,5,7) the statements of several seeds in
 * one run (the tables loaded once); DIFFERENTIAL_TABLES=ds,dt only those tables. Each table's statements run in a session of their own, the tables and
 * both emulators at once; every discrepancy of a table is reported together, with the engine's plan.
 */

const SEED = Number(process.env.DIFFERENTIAL_SEED ?? 1);
/** `2..9` or `2,5,7`: every seed's statements, one after the other. */
const SEEDS = ((spec: string | undefined): number[] => {
  const range = spec && /^(\d+)\.\.(\d+)$/.exec(spec);
  if (range)
    return Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i);
  return spec ? spec.split(',').map(Number) : [SEED];
})(process.env.DIFFERENTIAL_SEEDS);
const PER_TABLE = Number(process.env.DIFFERENTIAL_QUERIES ?? 40);
const TABLES = process.env.DIFFERENTIAL_TABLES?.split(',') ?? [
  'ds',
  'dn',
  'css',
  'csn',
  'cst',
  'csu',
  'dg',
  'dt',
  'dq',
  'dp',
];
/** dp's items are large (a Scan reads several pages): a quarter as many statements. */
const statementsFor = (table: string) => (table === 'dp' ? Math.ceil(PER_TABLE / 4) : PER_TABLE);

/**
 * Output settings some tables' sessions run under (the others under the defaults): the rows the
 * engine makes from the items must be the host's text under them too.
 */
const SETTINGS = `set DateStyle = 'SQL, DMY'; set IntervalStyle = 'sql_standard'; set extra_float_digits = 0;
  set TimeZone = 'Asia/Kolkata'; set bytea_output = 'escape'`;
const UNDER_SETTINGS = ['dn', 'csn', 'csu', 'dt'];

const tablesUsed = () => differentialTables().filter((t) => TABLES.includes(t.local));
const SELECTS: ReadonlyMap<string, readonly RandomSelect[]> = new Map(
  tablesUsed().map((t, i) => [
    t.local,
    SEEDS.flatMap((seed) => randomSelects(t, seed * 1000 + i, statementsFor(t.local))),
  ]),
);

/** The reads and evaluations a statement's plan shows, named as the coverage check counts them. */
function planFeatures(plan: Plan | null | undefined): string[] {
  if (!plan) return [];
  const out: string[] = plan.scans.map((s) =>
    s.operation === 'Query' && s.index
      ? 'index Query'
      : (s.operation === 'Scan' || s.operation === 'ParallelScan') && s.filter
        ? 'Scan with a FilterExpression'
        : s.operation,
  );
  const evaluation = /^Streaming (Aggregate|Distinct|Top-N)/.exec(plan.engineEvaluation ?? '')?.[0];
  if (evaluation) out.push(evaluation);
  if (plan.shape) out.push(`shape ${plan.shape}`);
  return out;
}

/** What the generator must reach on each backend: every key read, filtered Scans, every streaming evaluation. */
const MUST_REACH = [
  'GetItem',
  'BatchGetItem',
  'Query',
  'index Query',
  'Scan with a FilterExpression',
  'Streaming Aggregate',
  'Streaming Distinct',
  'Streaming Top-N',
];

/** The engine's plan of a statement, for people. */
function planText(outcome: Outcome): string {
  if (!outcome.ok) return '(failed)';
  const plan = outcome.result.plan;
  if (!plan) return '(no plan)';
  const scans = plan.scans.map(
    (s) =>
      `${s.operation}${s.index ? ` on ${s.index}` : ''}` +
      `${s.keyConditionText ? ` key ${s.keyConditionText}` : ''}` +
      `${s.keys ? ` keys ${s.keys.join(', ')}` : ''}` +
      `${s.filterText ? ` filter ${s.filterText}` : ''}` +
      `${s.residual.length ? ` residual ${s.residual.join(' AND ')}` : ''}` +
      `${s.limit !== null ? ` Limit ${s.limit}` : ''}`,
  );
  return [`shape ${plan.shape ?? '-'}`, plan.engineEvaluation, ...scans].filter(Boolean).join('\n    ');
}

describe('random differential: DynamoDB foreign tables vs host tables', () => {
  const engines = new Map<Backend, Engine>();
  const reached = new Map<Backend, Map<string, number>>(BACKENDS.map((b) => [b, new Map()]));
  const count = (b: Backend, feature: string) =>
    reached.get(b)!.set(feature, (reached.get(b)!.get(feature) ?? 0) + 1);

  beforeAll(async () => {
    await Promise.all(
      BACKENDS.map(async (b) => engines.set(b, await loadDifferentialTables(b, tablesUsed()))),
    );
  });
  afterAll(async () => {
    for (const e of engines.values()) await e.close();
  });

  it.concurrent.each(BACKENDS.flatMap((b) => TABLES.map((t) => [b, t] as const)))(
    'on %s, table %s',
    async (backend, table) => {
      const engine = engines.get(backend)!;
      const execute = (sql: string) => run(engine, sql, { session: `random-${table}` });
      if (UNDER_SETTINGS.includes(table)) expect((await execute(SETTINGS)).ok).toBe(true);
      const problems: string[] = [];
      for (const q of SELECTS.get(table)!) {
        const foreign = await execute(q.sql.replaceAll('{s}', 'dynamodb'));
        const local = await execute(q.sql.replaceAll('{s}', 'local'));
        const base =
          q.check.kind === 'subset' || q.check.kind === 'groups'
            ? await execute(q.check.base.replaceAll('{s}', 'local'))
            : null;
        for (const f of new Set(planFeatures(foreign.ok ? foreign.result.plan : null))) count(backend, f);
        if (!local.ok) count(backend, `host error ${local.sqlstate}`);
        const problem = compareAnswers(q, foreign, local, base);
        if (problem) problems.push(`${q.sql}\n  ${problem}\n  plan:\n    ${planText(foreign)}`);
      }
      expect(problems, `${problems.length} discrepancies:\n\n${problems.join('\n\n')}`).toEqual([]);
    },
    Math.max(60_000, PER_TABLE * SEEDS.length * 1_000),
  );

  it.each(BACKENDS)(
    'on %s, reached every key read, filtered Scans and every streaming evaluation',
    (backend) => {
      const seen = reached.get(backend)!;
      console.log(
        `random differential on ${backend}, seed ${SEEDS.join(', ')}, ${[...SELECTS.values()].flat().length} statements (${PER_TABLE} per table and seed):\n` +
          [...seen]
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([f, n]) => `  ${f}: ${n}`)
            .join('\n'),
      );
      for (const f of MUST_REACH) expect(seen.get(f) ?? 0, f).toBeGreaterThan(0);
      // Statements the host refuses test that both refuse alike, but should stay few (and none a syntax error).
      const errors = [...seen].filter(([f]) => f.startsWith('host error')).reduce((s, [, n]) => s + n, 0);
      expect(seen.get('host error 42601') ?? 0).toBe(0);
      expect(errors).toBeLessThan([...SELECTS.values()].flat().length * 0.15);
    },
  );
});
