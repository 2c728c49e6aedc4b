import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { JsonText } from '../../src/types';
import { openExplainTables, withHashJoinsOnly } from '../support/explain-tables';
import { fails, ok } from '../support/harness';

/**
 * EXPLAIN (FORMAT XML) and (FORMAT YAML) over foreign tables give the same plan tree as FORMAT JSON
 * (plan/statement/explain-tree.ts) in Postgres's layout for each (explain-xml.ts, explain-yaml.ts) —
 * DBeaver's plan view sends `EXPLAIN (FORMAT XML,...)` for every statement, and got 0A000 before.
 * The XML and YAML are read back by real parsers (Python's ElementTree and PyYAML) and their layout
 * compared with the host's own EXPLAIN of the same plans over local tables.
 */
describe('EXPLAIN (FORMAT XML) and (FORMAT YAML)', () => {
  let engine: Engine;
  let few: string;
  const NS = '{http://www.postgresql.org/2009/explain}';

  beforeAll(async () => {
    ({ engine, few } = await openExplainTables('explain_formats', 'x & <y>'));
  });
  afterAll(() => engine?.close());

  /** The one cell an EXPLAIN answers, its column as Postgres names and types it in that format. */
  const explained = async (sql: string, type: string) => {
    const [s] = (await ok(engine, sql)).slice(-1);
    expect(s!.columns.map((c) => [c.name, c.type])).toEqual([['QUERY PLAN', type]]);
    expect(s!.rows).toHaveLength(1);
    const cell = s!.rows[0]![0];
    return cell instanceof JsonText ? cell.text : (cell as string);
  };
  /** The host's own EXPLAIN of a statement over local tables, hash joins its only joins. */
  const hostExplained = (sql: string, type: string) => withHashJoinsOnly(engine, () => explained(sql, type));

  interface XmlElement {
    tag: string;
    text: string | null;
    children: XmlElement[];
  }
  /** An XML document as Python's ElementTree reads it (namespaced tags as `{uri}name`). */
  const parseXml = (xml: string): XmlElement =>
    JSON.parse(
      execFileSync(
        '/usr/bin/python3',
        [
          '-c',
          `import sys, json, xml.etree.ElementTree as ET
def conv(e): return {'tag': e.tag, 'text': e.text if len(e) == 0 else None, 'children': [conv(c) for c in e]}
print(json.dumps(conv(ET.fromstring(sys.stdin.buffer.read()))))`,
        ],
        { input: xml },
      ).toString(),
    ) as XmlElement;
  /** A YAML document as PyYAML reads it. */
  const parseYaml = (yaml: string): unknown =>
    JSON.parse(
      execFileSync(
        '/usr/bin/python3',
        ['-c', 'import sys, json, yaml; print(json.dumps(yaml.safe_load(sys.stdin.read())))'],
        { input: yaml },
      ).toString(),
    );

  type PlanNode = Record<string, unknown> & { Plans?: PlanNode[] };
  const child = (e: XmlElement, tag: string) => e.children.find((c) => c.tag === NS + tag);
  /** A JSON node's properties as XML elements: hyphens for spaces, null (not known) left out. */
  const asXml = (node: PlanNode): [string, string][] =>
    Object.entries(node)
      .filter(([k, v]) => k !== 'Plans' && v !== null)
      .map(([k, v]) => [
        k.replace(/[^A-Za-z0-9_.-]/g, '-'),
        typeof v === 'string' ? v : Array.isArray(v) || typeof v === 'object' ? '…' : JSON.stringify(v),
      ]);
  /** An XML plan node's properties (a group's text as `…`), and its nested plans. */
  const xmlNode = (plan: XmlElement): [string, string][] =>
    plan.children
      .filter((c) => c.tag !== `${NS}Plans`)
      .map((c) => [c.tag.slice(NS.length), c.children.length ? '…' : (c.text ?? '')]);
  const xmlPlans = (plan: XmlElement) => child(plan, 'Plans')?.children ?? [];

  /** Every node of a JSON plan and of an XML plan, depth first, each with its properties. */
  const jsonNodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(jsonNodes)];
  const xmlNodes = (e: XmlElement): XmlElement[] => [e, ...xmlPlans(e).flatMap(xmlNodes)];

  const join = (t: string, u: string, options: string) =>
    `explain (${options}) select i.sk, f.tag from ${t} i join ${u} f on f.pk = i.pk`;

  it("FORMAT XML is one xml value in Postgres's namespace, its nodes and properties those of FORMAT JSON", async () => {
    // Planned once before, so that neither samples the tables to estimate ("Sampling RCU").
    await explained(join('items', 'few', 'format json'), 'json');
    const xml = await explained(join('items', 'few', 'format xml'), 'xml');
    const [json] = JSON.parse(await explained(join('items', 'few', 'format json'), 'json')) as [
      { Plan: PlanNode; Execution: string },
    ];
    const root = parseXml(xml);
    expect(root.tag).toBe(`${NS}explain`);
    expect(root.children.map((c) => c.tag)).toEqual([`${NS}Query`]);
    const query = root.children[0]!;
    expect(query.children.map((c) => c.tag.slice(NS.length))).toEqual(['Plan', 'Execution']);
    expect(child(query, 'Execution')!.text).toBe(json.Execution);
    const ours = xmlNodes(child(query, 'Plan')!);
    const theirs = jsonNodes(json.Plan);
    expect(ours.map(xmlNode)).toEqual(theirs.map(asXml));
    expect(ours.map((n) => child(n, 'Node-Type')!.text)).toEqual([
      'Hash Join',
      'Foreign Scan',
      'Hash',
      'Foreign Scan',
    ]);
  });

  it("XML and YAML are laid out as the host's own EXPLAIN of the same plan over local tables", async () => {
    for (const options of ['', 'analyze, buffers off, ']) {
      const hostXml = await hostExplained(join('local_items', 'local_few', `${options}format xml`), 'xml');
      const xml = await explained(join('items', 'few', `${options}format xml`), 'xml');
      // The same opening, nesting and closing; the keys every node of the host's has, every node of ours.
      const skeleton = (s: string) =>
        s
          .split('\n')
          .filter((l) => /^\s*<\/?(explain|Query|Plans?|Triggers)[ >]/.test(l))
          .join('\n');
      expect(skeleton(xml)).toBe(skeleton(hostXml));
      const keys = (e: XmlElement) => xmlNode(e).map(([k]) => k);
      const hostNodes = xmlNodes(child(parseXml(hostXml).children[0]!, 'Plan')!);
      const common = hostNodes.map(keys).reduce((a, b) => a.filter((k) => b.includes(k)));
      expect(common).toEqual(
        expect.arrayContaining(['Node-Type', 'Startup-Cost', 'Total-Cost', 'Plan-Rows']),
      );
      // Each of ours has them all but those it does not know (null in its JSON: the join's rows).
      const [json] = JSON.parse(await explained(join('items', 'few', `${options}format json`), 'json')) as [
        { Plan: PlanNode },
      ];
      const jsonOf = jsonNodes(json.Plan);
      xmlNodes(child(parseXml(xml).children[0]!, 'Plan')!).forEach((node, i) => {
        const known = common.filter((k) => jsonOf[i]![k.replaceAll('-', ' ')] !== null);
        expect(keys(node)).toEqual(expect.arrayContaining(known));
      });
      const documentKeys = (s: string) =>
        parseXml(s)
          .children[0]!.children.map((c) => c.tag.slice(NS.length))
          .filter((k) => k !== 'JIT');
      expect(documentKeys(xml)).toEqual(expect.arrayContaining(documentKeys(hostXml)));

      const hostYaml = await hostExplained(join('local_items', 'local_few', `${options}format yaml`), 'text');
      const yaml = await explained(join('items', 'few', `${options}format yaml`), 'text');
      // Postgres's YAML: a list holding the query's mapping, "Plan: " then its node four spaces in,
      // each child a list member under "Plans: ".
      const lines = (s: string) => s.split('\n');
      for (const doc of [hostYaml, yaml]) {
        expect(lines(doc).slice(0, 2)).toEqual(['- Plan: ', '    Node Type: "Hash Join"']);
        expect(lines(doc)).toContain('    Plans: ');
        expect(lines(doc)).toContain('      - Node Type: "Hash"');
        expect(lines(doc)).toContain('        Parent Relationship: "Inner"');
        expect(lines(doc)).toContain('        Plans: ');
        expect(lines(doc)).toContain(
          '          - Node Type: ' + (doc === yaml ? '"Foreign Scan"' : '"Seq Scan"'),
        );
      }
      if (options) {
        for (const doc of [hostYaml, yaml]) {
          expect(lines(doc)).toContain('  Triggers: ');
          expect(lines(doc).filter((l) => /^ {2}Execution Time: \d+(\.\d+)?$/.test(l))).toHaveLength(1);
        }
      }
    }
  });

  it('FORMAT YAML reads back (PyYAML) as the very document FORMAT JSON gives', async () => {
    for (const sql of [
      (f: string) => join('items', 'few', `format ${f}`),
      (f: string) => `explain (format ${f}) update items set v = 1 where pk = 'a' and sk = 1`,
      (f: string) => `explain (format ${f}) select sk from items where pk = 'b' and v + 1 > 5`,
    ]) {
      const yaml = parseYaml(await explained(sql('yaml'), 'text'));
      const json = JSON.parse(await explained(sql('json'), 'json')) as unknown;
      expect(yaml).toEqual(json);
    }
  });

  it('VERBOSE: the DynamoDB request is a group, its attribute names and values (data, not labels) JSON text; XML escapes & and <', async () => {
    const getItem = await explained(
      `explain (verbose, format xml) select * from few where pk = 'a' and tag = 'x & <y>'`,
      'xml',
    );
    expect(getItem).toContain('x &amp; &lt;y&gt;');
    const input = (xml: string) =>
      child(child(child(parseXml(xml).children[0]!, 'Plan')!, 'DynamoDB-Request')!, 'Input')!;
    const key = child(input(getItem), 'Key')!;
    expect(child(input(getItem), 'TableName')!.text).toBe(few);
    expect(child(child(key, 'pk')!, 'S')!.text).toBe('a');
    const query = input(
      await explained(`explain (verbose, format xml) select * from items where pk = 'a' and sk > 1`, 'xml'),
    );
    expect(child(query, 'KeyConditionExpression')!.text).toBe('#n0 = :v0 AND #n1 > :v1');
    expect(JSON.parse(child(query, 'ExpressionAttributeNames')!.text!)).toEqual({ '#n0': 'pk', '#n1': 'sk' });
    expect(JSON.parse(child(query, 'ExpressionAttributeValues')!.text!)).toEqual({
      ':v0': { S: 'a' },
      ':v1': { N: '1' },
    });
    const yaml = parseYaml(
      await explained(
        `explain (verbose, format yaml) select * from few where pk = 'a' and tag = 'x & <y>'`,
        'text',
      ),
    ) as [{ Plan: { 'DynamoDB Request': { Input: Record<string, unknown> } } }];
    expect(yaml[0].Plan['DynamoDB Request'].Input).toMatchObject({ TableName: few, Key: { pk: { S: 'a' } } });
  });

  it('ANALYZE runs the statement, as in JSON: an UPDATE writes; without it nothing is written', async () => {
    const read = async () => (await ok(engine, `select v from items where pk = 'a' and sk = 2`)).at(-1)!.rows;
    await explained(`explain (format xml) update items set v = 77 where pk = 'a' and sk = 2`, 'xml');
    expect(await read()).toEqual([[20]]);
    const xml = await explained(
      `explain (analyze, format xml) update items set v = 77 where pk = 'a' and sk = 2`,
      'xml',
    );
    expect(await read()).toEqual([[77]]);
    const query = parseXml(xml).children[0]!;
    const modify = child(query, 'Plan')!;
    expect(child(modify, 'Node-Type')!.text).toBe('ModifyTable');
    expect(child(modify, 'Items-Written')!.text).toBe('1');
    expect(query.children.map((c) => c.tag.slice(NS.length))).toEqual(
      expect.arrayContaining(['Planning-Time', 'Triggers', 'Execution-Time']),
    );
    await explained(
      `explain (analyze, format yaml) update items set v = 20 where pk = 'a' and sk = 2`,
      'text',
    );
    expect(await read()).toEqual([[20]]);
  });

  it("DBeaver's EXPLAIN strings are accepted: COSTS FALSE leaves out the estimates, TIMING FALSE the times, SUMMARY adds Planning Time", async () => {
    // PostgreExecutionPlan.getPlanQueryString: FORMAT XML, then each option ticked (COSTS and TIMING only when off).
    const sql = `select i.sk, f.tag from items i join few f on f.pk = i.pk`;
    const plain = parseXml(
      await explained(
        `EXPLAIN (FORMAT XML,VERBOSE,COSTS FALSE,SETTINGS,BUFFERS,TIMING FALSE,SUMMARY) ${sql}`,
        'xml',
      ),
    ).children[0]!;
    for (const node of xmlNodes(child(plain, 'Plan')!)) {
      const keys = xmlNode(node).map(([k]) => k);
      expect(keys).not.toContain('Total-Cost');
      expect(keys).not.toContain('Plan-Rows');
      expect(keys).toContain('Node-Type');
    }
    expect(plain.children.map((c) => c.tag.slice(NS.length))).toContain('Planning-Time');
    expect(plain.children.map((c) => c.tag.slice(NS.length))).not.toContain('Execution-Time');
    const analysed = parseXml(
      await explained(
        `EXPLAIN (FORMAT XML,ANALYZE,VERBOSE,SETTINGS,BUFFERS,WAL,TIMING FALSE,SUMMARY) ${sql}`,
        'xml',
      ),
    ).children[0]!;
    const join = child(analysed, 'Plan')!;
    const keys = xmlNode(join).map(([k]) => k);
    expect(keys).toEqual(expect.arrayContaining(['Total-Cost', 'Actual-Rows', 'Actual-Loops']));
    expect(keys).not.toContain('Actual-Total-Time');
    expect(child(join, 'Actual-Rows')!.text).toBe('3');
    expect(analysed.children.map((c) => c.tag.slice(NS.length))).toEqual(
      expect.arrayContaining(['Planning-Time', 'Execution-Time']),
    );
  });

  it('options are refused as Postgres refuses them, before anything is read', async () => {
    const cases: [string, string, string][] = [
      ['explain (format xml, wal) select * from items', '22023', 'EXPLAIN option WAL requires ANALYZE'],
      [
        'explain (timing, format yaml) select * from items',
        '22023',
        'EXPLAIN option TIMING requires ANALYZE',
      ],
      ['explain (format xml, bogus) select * from items', '42601', 'unrecognized EXPLAIN option "bogus"'],
      // In every format: TEXT and JSON took any option before.
      ['explain (wal) select * from items', '22023', 'EXPLAIN option WAL requires ANALYZE'],
      ['explain (format json, bogus 1) select * from items', '42601', 'unrecognized EXPLAIN option "bogus"'],
      [
        'explain (format html) select * from items',
        '22023',
        'unrecognized value for EXPLAIN option "format": "html"',
      ],
    ];
    for (const [sql, sqlstate, message] of cases)
      expect(await fails(engine, sql)).toMatchObject({ sqlstate, message });
    const e = await fails(engine, 'explain (format xml, bogus) select * from items');
    expect(e.position).toBe('explain (format xml, '.length + 1);
    // ANALYZE of a write refused for its options writes nothing.
    await fails(
      engine,
      `explain (analyze, format xml, bogus) update items set v = 5 where pk = 'a' and sk = 2`,
    );
    expect((await ok(engine, `select v from items where pk = 'a' and sk = 2`)).at(-1)!.rows).toEqual([[20]]);
  });
});
