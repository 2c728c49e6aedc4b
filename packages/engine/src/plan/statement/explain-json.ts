import type { Plan, ScanPlan } from '../../types';
import { shapeText } from './explain-text';

type Node = Record<string, unknown>;

/**
 * A plan as `EXPLAIN (FORMAT JSON)` gives it, in Postgres's layout — one document, an array holding
 * one object whose "Plan" is the root node and whose nodes nest under "Plans" — so that clients
 * that draw Postgres's JSON plans (pgAdmin, DBeaver, explain visualisers) read it. Each DynamoDB read
 * is a "Foreign Scan" node carrying what the text format says of it (explain-text.ts), under the
 * same names where Postgres has one ("Filter" is the local filter, "Actual Rows" the items returned):
 *   [{ "Plan": { "Node Type": "Foreign Scan", "Operation": "Select", "Relation Name": "public.users",
 *       "Alias": "u", "DynamoDB Operation": "GetItem", "Key Condition": "user_id = 'u1'",
 *       "Estimated RCU": 0.5, ... }, "Execution": "rows-from-items (...)" }]
 * A write is a "ModifyTable" node over its reads; two reads or more sit under the engine's "Hash
 * Join" when it joins them, else under a "Result" (the host evaluates over what they read).
 */
export function explainJson(
  plan: Plan,
  options: { readonly analyzed: boolean; readonly verbose: boolean },
): string {
  const scans = plan.scans.map((s) => scanNode(s, options));
  const w = plan.write;
  const reads: Node | null =
    scans.length === 0
      ? null
      : scans.length === 1 && !plan.engineJoin
        ? scans[0]!
        : {
            'Node Type': plan.engineJoin ? 'Hash Join' : 'Result',
            ...(plan.engineJoin && {
              'Join Type': 'Inner',
              'Hash Cond': `(${plan.engineJoin})`,
              'In Engine': true,
            }),
            Plans: scans.map((s) => ({ 'Parent Relationship': plan.engineJoin ? 'Inner' : 'Member', ...s })),
          };
  const root: Node = w
    ? {
        'Node Type': 'ModifyTable',
        Operation: {
          PutItem: 'Insert',
          BatchWriteItem: 'Insert',
          UpdateItem: 'Update',
          DeleteItem: 'Delete',
        }[w.operation],
        'Relation Name': w.relation,
        'DynamoDB Operation': w.operation,
        'DynamoDB Table': w.table,
        ...(w.condition && { 'DynamoDB Condition': w.condition }),
        Atomic: w.atomic ?? false,
        ...(w.estimatedWcu !== undefined && { 'Estimated WCU': w.estimatedWcu }),
        ...(w.rateLimit && { 'Rate Limit WCU Per Second': w.rateLimit.wcuPerSecond }),
        ...(options.analyzed &&
          (w.atomic
            ? { 'Items Held': w.itemsWritten }
            : { 'Actual WCU': w.consumedWcu, 'Items Written': w.itemsWritten, Requests: w.requests })),
        ...(reads && { Plans: [{ 'Parent Relationship': 'Outer', ...reads }] }),
      }
    : (reads ?? { 'Node Type': 'Result' });
  const document: Node = {
    Plan: root,
    ...(plan.engineEvaluation && { 'Engine Evaluation': plan.engineEvaluation }),
    ...(plan.shape && { Execution: `${plan.shape} (${shapeText(plan)})` }),
  };
  return JSON.stringify([document], null, 2);
}

function scanNode(s: ScanPlan, options: { readonly analyzed: boolean; readonly verbose: boolean }): Node {
  const joins = new Set(s.joinConditions ?? []);
  const local = s.residual.filter((r) => !joins.has(r));
  const input = s.request.input as { Select?: string; ScanIndexForward?: boolean };
  const f = s.keyFetch;
  return {
    'Node Type': 'Foreign Scan',
    Operation: 'Select',
    'Relation Name': s.relation,
    Alias: s.alias ?? s.relation,
    'DynamoDB Operation': s.operation,
    'DynamoDB Table': s.table,
    ...(s.index && { 'Index Name': s.index }),
    Server: s.server,
    Identity: s.identity,
    ...(s.keyConditionText && { 'Key Condition': s.keyConditionText }),
    ...(s.filterText && { 'DynamoDB Filter': s.filterText }),
    ...(local.length > 0 && { Filter: local.join(' AND ') }),
    ...(joins.size > 0 && { 'Join Filter': [...joins].join(' AND ') }),
    ...(input.Select === 'COUNT' ? { Select: 'COUNT' } : { Projection: s.projection ?? 'all attributes' }),
    ...(input.ScanIndexForward === false && { 'Scan Direction': 'Backward' }),
    ...(s.limit !== null && { Limit: s.limit }),
    ...(s.consistentRead && { 'Consistent Read': true }),
    ...(s.keyCount !== null && s.keyCount > 1 && { Keys: s.keyCount }),
    ...(s.partitionCount !== null && s.partitionCount > 1 && { Queries: s.partitionCount }),
    ...(s.segments !== null && s.segments > 1 && { 'Parallel Segments': s.segments }),
    ...(s.fetchBack && { 'Fetch Back': true }),
    'Estimated RCU': s.estimatedRcu,
    ...(s.estimatedRcuRange && { 'Estimated RCU Range': s.estimatedRcuRange }),
    'Estimate Basis': s.estimateBasis,
    'Estimate Note': s.estimateNote,
    ...(!!s.samplingRcu && { 'Sampling RCU': s.samplingRcu }),
    ...(s.rateLimit && { 'Rate Limit RCU Per Second': s.rateLimit.rcuPerSecond }),
    ...(s.alternatives.length > 0 && {
      Rejected: s.alternatives.map((a) => ({
        'DynamoDB Operation': a.operation,
        ...(a.index && { 'Index Name': a.index }),
        'Estimated RCU': a.estimatedRcu,
      })),
    }),
    ...(options.verbose && {
      'DynamoDB Request': { Operation: s.request.operation, Input: s.request.input },
    }),
    ...(options.analyzed && {
      'Actual RCU': s.consumedRcu ?? 0,
      'Items Scanned': s.scannedCount ?? 0,
      'Actual Rows': s.returnedCount ?? 0,
      Requests: s.pages,
    }),
    ...(f && {
      Plans: [
        {
          'Node Type': 'Foreign Scan',
          'Parent Relationship': 'Inner',
          Operation: 'Select',
          'Relation Name': s.relation,
          'DynamoDB Operation': f.operation,
          'DynamoDB Table': s.table,
          'Kept Keys': f.maxKeys,
          Projection: f.projection ?? 'all attributes',
          'Estimated RCU': f.estimatedRcu,
          ...(options.analyzed && {
            'Actual RCU': f.consumedRcu ?? 0,
            'Actual Rows': f.returnedCount ?? 0,
            Requests: f.requests,
          }),
        },
      ],
    }),
    ...(s.keyFetchDeclined && { 'Reads Keys Then Fetches': `not chosen — ${s.keyFetchDeclined.reason}` }),
  };
}
