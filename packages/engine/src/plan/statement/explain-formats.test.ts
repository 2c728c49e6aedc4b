import { describe, expect, it } from 'vitest';
import type { ExplainDocument } from './explain-tree';
import { explainXml } from './explain-xml';
import { explainYaml } from './explain-yaml';

/** A document as explain-tree.ts builds one: a join of two reads, one of unknown cost, and the statement's figures. */
const document: ExplainDocument = {
  Plan: {
    'Node Type': 'Result',
    'Total Cost': null,
    Plans: [
      {
        'Node Type': 'Foreign Scan',
        'Parent Relationship': 'Member',
        'Parallel Aware': false,
        'Plan Rows': 2,
        Filter: "tag = 'a & <b>'",
        Rejected: [{ 'DynamoDB Operation': 'Scan', 'Estimated RCU': 0.5 }],
        'DynamoDB Request': {
          Operation: 'Query',
          Input: { TableName: 't', ExpressionAttributeValues: { ':v0': { S: 'a' } } },
        },
      },
    ],
  },
  'Planning Time': 0.25,
  Triggers: [],
};

describe('EXPLAIN (FORMAT XML) and (FORMAT YAML) of one tree, as explain.c writes them', () => {
  it('XML: elements named after the properties (spaces hyphens), nested Plans, escaped text, unknown values left out', () => {
    expect(explainXml(document)).toBe(
      [
        '<explain xmlns="http://www.postgresql.org/2009/explain">',
        '  <Query>',
        '    <Plan>',
        '      <Node-Type>Result</Node-Type>',
        '      <Plans>',
        '        <Plan>',
        '          <Node-Type>Foreign Scan</Node-Type>',
        '          <Parent-Relationship>Member</Parent-Relationship>',
        '          <Parallel-Aware>false</Parallel-Aware>',
        '          <Plan-Rows>2</Plan-Rows>',
        "          <Filter>tag = 'a &amp; &lt;b&gt;'</Filter>",
        '          <Rejected>',
        '            <Item>',
        '              <DynamoDB-Operation>Scan</DynamoDB-Operation>',
        '              <Estimated-RCU>0.5</Estimated-RCU>',
        '            </Item>',
        '          </Rejected>',
        '          <DynamoDB-Request>',
        '            <Operation>Query</Operation>',
        '            <Input>',
        '              <TableName>t</TableName>',
        '              <ExpressionAttributeValues>{":v0":{"S":"a"}}</ExpressionAttributeValues>',
        '            </Input>',
        '          </DynamoDB-Request>',
        '        </Plan>',
        '      </Plans>',
        '    </Plan>',
        '    <Planning-Time>0.25</Planning-Time>',
        '    <Triggers>',
        '    </Triggers>',
        '  </Query>',
        '</explain>',
      ].join('\n'),
    );
  });

  it('YAML: a list holding the query, strings quoted as JSON, numbers, booleans and null bare, Plans a list', () => {
    expect(explainYaml(document)).toBe(
      [
        '- Plan: ',
        '    Node Type: "Result"',
        '    Total Cost: null',
        '    Plans: ',
        '      - Node Type: "Foreign Scan"',
        '        Parent Relationship: "Member"',
        '        Parallel Aware: false',
        '        Plan Rows: 2',
        '        Filter: "tag = \'a & <b>\'"',
        '        Rejected: ',
        '          - DynamoDB Operation: "Scan"',
        '            Estimated RCU: 0.5',
        '        DynamoDB Request: ',
        '          Operation: "Query"',
        '          Input: ',
        '            TableName: "t"',
        '            ExpressionAttributeValues: "{\\":v0\\":{\\"S\\":\\"a\\"}}"',
        '  Planning Time: 0.25',
        '  Triggers: ',
      ].join('\n'),
    );
  });

  it('a list of strings is a list of Items (XML) or of quoted scalars (YAML), as Postgres writes "Output"', () => {
    const listed: ExplainDocument = { Plan: { 'Node Type': 'Result', Output: ['a.sk', 'b.tag'] } };
    expect(explainXml(listed)).toContain(
      '      <Output>\n        <Item>a.sk</Item>\n        <Item>b.tag</Item>\n      </Output>\n',
    );
    expect(explainYaml(listed)).toBe(
      '- Plan: \n    Node Type: "Result"\n    Output: \n      - "a.sk"\n      - "b.tag"',
    );
  });
});
