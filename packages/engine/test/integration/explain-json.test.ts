import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { JsonText } from '../../src/types';
import { openExplainTables, withHashJoinsOnly } from '../support/explain-tables';
import { ok } from '../support/harness';

/**
 * EXPLAIN (FORMAT JSON) over foreign tables is one json value in Postgres's layout
 * (plan/statement/explain-json.ts), which clients that draw Postgres's JSON plans read. Before, it
 * answered the text format's lines, which such a client cannot parse. A statement over no foreign
 * table gets the host's own.
 */
describe('EXPLAIN (FORMAT JSON)', () => {
  let engine: Engine;
  let table: string;

  /** The one json cell an EXPLAIN (FORMAT JSON) answers, parsed; its column as the host names and types it. */
  const explained = async (sql: string) => {
    const [s] = (await ok(engine, sql)).slice(-1);
    expect(s!.columns.map((c) => [c.name, c.type])).toEqual([['QUERY PLAN', 'json']]);
    expect(s!.rows).toHaveLength(1);
    const cell = s!.rows[0]![0];
    expect(cell).toBeInstanceOf(JsonText);
    return JSON.parse(String((cell as JsonText).text)) as [Record<string, unknown>];
  };

  beforeAll(async () => {
    ({ engine, table } = await openExplainTables('explain_json'));
  });

  type PlanNode = Record<string, unknown> & { Plans?: PlanNode[] };
  /** Every node of a plan, depth first. */
  const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];
  /** The keys every node of the host's own plan has (Postgres's: costs, rows, width, and with ANALYZE what ran). */
  const everyNodeKeys = (root: PlanNode) =>
    nodes(root)
      .map((n) => Object.keys(n).filter((k) => k !== 'Parent Relationship' && k !== 'Plans'))
      .reduce((a, b) => a.filter((k) => b.includes(k)));
  /** The host's own EXPLAIN (FORMAT JSON) of a statement over local tables, hash joins its only joins. */
  const hostExplained = (sql: string) => withHashJoinsOnly(engine, () => explained(sql));
  afterAll(() => engine?.close());

  it('a Query: one Foreign Scan node with its key condition, local filter and estimate', async () => {
    const [doc] = await explained(
      `explain (format json) select sk from items i where pk = 'a' and v + 1 > 5`,
    );
    expect(doc.Plan).toMatchObject({
      'Node Type': 'Foreign Scan',
      Operation: 'Select',
      'Relation Name': 'public.items',
      Alias: 'i',
      'DynamoDB Operation': 'Query',
      'DynamoDB Table': table,
      'Key Condition': "pk = 'a'",
      Filter: 'v + 1 > 5',
      'Estimated RCU': expect.any(Number),
    });
    expect(doc.Plan).not.toHaveProperty('DynamoDB Request');
    expect(doc.Plan).not.toHaveProperty('Actual RCU');
    expect(doc.Execution).toEqual(
      expect.stringMatching(/^(rows-from-items|stream-through-host|streaming-evaluation) \(/),
    );
  });

  it('VERBOSE adds the request; ANALYZE runs it and adds what it read', async () => {
    const [doc] = await explained(
      `explain (analyze, verbose, format json) select sk from items where pk = 'b' order by sk`,
    );
    expect(doc.Plan).toMatchObject({
      'DynamoDB Operation': 'Query',
      'DynamoDB Request': { Operation: 'Query', Input: expect.objectContaining({ TableName: table }) },
      'Actual Rows': 3,
      'Items Scanned': 3,
      Requests: 1,
      'Actual RCU': expect.any(Number),
    });
  });

  it('a write is a ModifyTable over its read; a join in the engine a Hash Join over both', async () => {
    const [write] = await explained(`explain (format json) update items set v = 1 where pk = 'a' and sk = 1`);
    expect(write.Plan).toMatchObject({
      'Node Type': 'ModifyTable',
      Operation: 'Update',
      'DynamoDB Operation': 'UpdateItem',
      Plans: [expect.objectContaining({ 'Node Type': 'Foreign Scan', 'Parent Relationship': 'Outer' })],
    });
    const [join] = await explained(
      `explain (format json) select x.sk, y.sk from items x join items y on y.pk = x.pk where x.pk = 'a'`,
    );
    const root = join.Plan as { 'Node Type': string; Plans: { 'Node Type': string }[] };
    expect(['Hash Join', 'Result']).toContain(root['Node Type']);
    // A Hash Join's inner side is a Hash of the read it builds on, as in Postgres.
    expect(root.Plans.map((p) => p['Node Type'])).toEqual(
      root['Node Type'] === 'Hash Join' ? ['Foreign Scan', 'Hash'] : ['Foreign Scan', 'Foreign Scan'],
    );
  });

  it("every node has Postgres's keys — costs, rows and width, with ANALYZE its times, rows and loops — as the host's own plan of local tables", async () => {
    // BUFFERS (on with ANALYZE from PostgreSQL 18) counts the host's shared buffers: no DynamoDB read has any.
    for (const analyze of ['', 'analyze, buffers off, ']) {
      const join = (t: string, u: string) =>
        `explain (${analyze}format json) select i.sk, f.tag from ${t} i join ${u} f on f.pk = i.pk`;
      const [host] = await hostExplained(join('local_items', 'local_few'));
      const [ours] = await explained(join('items', 'few'));
      const keys = everyNodeKeys(host.Plan as PlanNode);
      expect(keys).toEqual(expect.arrayContaining(['Startup Cost', 'Total Cost', 'Plan Rows', 'Plan Width']));
      for (const node of nodes(ours.Plan as PlanNode))
        expect(Object.keys(node)).toEqual(expect.arrayContaining(keys));
      // The document's keys: with ANALYZE "Planning Time", "Triggers" and "Execution Time".
      expect(Object.keys(ours)).toEqual(expect.arrayContaining(Object.keys(host).filter((k) => k !== 'JIT')));
      const [hostWrite] = await hostExplained(
        `explain (${analyze}format json) update local_items set v = v where pk = 'a' and sk = 1`,
      );
      const [write] = await explained(
        `explain (${analyze}format json) update items set v = v where pk = 'a' and sk = 1`,
      );
      const modify = (d: Record<string, unknown>) =>
        Object.keys(d.Plan as PlanNode).filter((k) => k !== 'Plans');
      expect(Object.keys(write.Plan as PlanNode)).toEqual(expect.arrayContaining(modify(hostWrite)));
    }
  });

  it('a Hash Join\'s children are "Outer" and "Inner", as Postgres names them: the read it probes with, and a Hash of the one it builds on', async () => {
    const [host] = await hostExplained(
      `explain (format json) select i.sk, f.tag from local_items i join local_few f on f.pk = i.pk`,
    );
    const relationships = (n: PlanNode) => n.Plans!.map((p) => [p['Node Type'], p['Parent Relationship']]);
    const hostJoin = host.Plan as PlanNode;
    expect(hostJoin['Node Type']).toBe('Hash Join');
    expect(relationships(hostJoin)).toEqual([
      ['Seq Scan', 'Outer'],
      ['Hash', 'Inner'],
    ]);
    expect(relationships(hostJoin.Plans![1]!)).toEqual([['Seq Scan', 'Outer']]);
    // Under ANALYZE the build side is the read that returned fewer items (run/direct-join.ts).
    for (const analyze of ['', 'analyze, ']) {
      const [doc] = await explained(
        `explain (${analyze}format json) select i.sk, f.tag from items i join few f on f.pk = i.pk`,
      );
      const join = doc.Plan as PlanNode;
      expect(join).toMatchObject({ 'Node Type': 'Hash Join', 'Join Type': 'Inner', 'In Engine': true });
      expect(relationships(join)).toEqual([
        ['Foreign Scan', 'Outer'],
        ['Hash', 'Inner'],
      ]);
      const hash = join.Plans![1]!;
      expect(relationships(hash)).toEqual([['Foreign Scan', 'Outer']]);
      if (analyze) {
        const [probe, built] = [join.Plans![0]!, hash.Plans![0]!];
        expect([probe['Relation Name'], built['Relation Name']].sort()).toEqual([
          'public.few',
          'public.items',
        ]);
        expect(built['Actual Rows'] as number).toBeLessThanOrEqual(probe['Actual Rows'] as number);
        expect(hash).toMatchObject({ 'Actual Rows': built['Actual Rows'], 'Actual Loops': 1 });
        expect(join).toMatchObject({ 'Actual Rows': 3, 'Actual Loops': 1 });
      }
      // Costs are cumulative: the join's is both reads'.
      const total = (n: PlanNode) => n['Total Cost'] as number;
      expect(total(join)).toBeCloseTo(total(join.Plans![0]!) + total(hash.Plans![0]!), 2);
      expect(total(hash)).toBe(total(hash.Plans![0]!));
    }
  });

  it("a Foreign Scan's cost is its Estimated RCU, its rows the items expected; ANALYZE adds its times, rows and loops", async () => {
    const [doc] = await explained(`explain (format json) select sk from items where pk = 'b'`);
    const scan = doc.Plan as PlanNode;
    expect(scan).toMatchObject({
      'Node Type': 'Foreign Scan',
      'Parallel Aware': false,
      'Async Capable': false,
      'Startup Cost': 0,
      'Total Cost': scan['Estimated RCU'],
      'Plan Rows': expect.any(Number),
      'Plan Width': expect.any(Number),
    });
    expect(scan).not.toHaveProperty('Actual Total Time');
    expect(doc).not.toHaveProperty('Execution Time');
    const [ran] = await explained(`explain (analyze, format json) select sk from items where pk = 'b'`);
    const read = ran.Plan as PlanNode;
    expect(read).toMatchObject({ 'Actual Rows': 3, 'Actual Loops': 1, Requests: 1 });
    const startup = read['Actual Startup Time'] as number;
    const total = read['Actual Total Time'] as number;
    expect(startup).toBeGreaterThan(0);
    expect(total).toBeGreaterThanOrEqual(startup);
    expect(ran['Execution Time']).toBeGreaterThanOrEqual(total);
    expect(ran['Planning Time']).toBeGreaterThan(0);
    expect(ran.Triggers).toEqual([]);
  });

  it('FORMAT TEXT is unchanged (XML and YAML: explain-formats.test.ts); no foreign table: the host’s', async () => {
    const text = (await ok(engine, `explain (format text) select * from items where pk = 'a'`)).at(-1)!;
    expect(text.columns).toEqual([expect.objectContaining({ name: 'QUERY PLAN', type: 'text' })]);
    expect(String(text.rows[0]![0])).toMatch(/^Foreign Scan on public\.items/);
    const [host] = await explained('explain (format json) select 1');
    expect(host.Plan).toMatchObject({ 'Node Type': 'Result' });
    const yaml = (await ok(engine, 'explain (format yaml) select 1')).at(-1)!;
    expect(String(yaml.rows[0]![0])).toMatch(/Node Type: "Result"/);
  });
});
