import { qualifiedName, type ColumnDef } from '../catalog/foreign-table';
import type { Item } from '../fetch/read-pages';
import { columnJson } from '../load/coerce';
import {
  addScaled,
  compareValues,
  parseScaled,
  parseValue,
  scaledText,
  type ExactValue,
  type Scaled,
} from '../load/exact-value';
import type { AggregateCall, AggregateShape } from '../plan/statement/local-shape';
import type { PlannedScan } from '../plan/statement/statement-plan';
import type { Cell } from '../types';
import { toCells } from './cells';
import type { StatementContext } from './context';
import { hostError } from './host-error';
import { readScan } from './load-scan';

/**
 * Runs an aggregate shape: reads every page, folds each item into its group's states as the page
 * arrives (memory: one state per group and call, plus count(distinct)'s values), then the host runs
 * the final statement over the states, one JSON row per group. Every value an item carries for the
 * statement is coerced, so an item the host path would refuse is refused with the same error.
 */
export async function runStreamingAggregate(
  ctx: StatementContext,
  scan: PlannedScan,
  shape: AggregateShape,
  typeIds: readonly number[],
): Promise<Cell[][]> {
  const groups = new GroupStates(scan, shape);
  await readScan(ctx, scan, async (items) => {
    for (const item of items) groups.add(item);
  });
  try {
    const r = await ctx.host.query(shape.finalSql, [groups.json()], (m) => ctx.notices.push(m));
    return toCells(r.rows, typeIds);
  } catch (e) {
    // A position in the statement over the states is none in what the user wrote.
    const error = hostError(e);
    error.position = undefined;
    throw error;
  }
}

interface Accumulator {
  add(json: string | null): void;
  /** The state's JSON members (`"__ds_a0":...`). */
  members(i: number): string;
}

/** The per-group states of an aggregate shape, fed item by item. */
export class GroupStates {
  private readonly groups = new Map<string, { keys: string[]; states: Accumulator[] }>();
  /** Every column coerced for an item, in one array: group columns first, then calls', then checks. */
  private readonly columns: ColumnDef[];
  private readonly callColumn: number[];
  private readonly context;

  constructor(
    private readonly scan: PlannedScan,
    private readonly shape: AggregateShape,
  ) {
    const columns = shape.groupBy.map((g) => g.column);
    this.callColumn = shape.calls.map((c) => {
      if (!c.column) return -1;
      const at = columns.indexOf(c.column);
      return at >= 0 ? at : columns.push(c.column) - 1;
    });
    for (const c of shape.checked) if (!columns.includes(c)) columns.push(c);
    this.columns = columns;
    this.context = { relation: qualifiedName(scan.occurrence.table), keyNames: scan.keyNames };
    // An aggregate without GROUP BY makes one row even over no item.
    if (!shape.groupBy.length) this.groups.set('', { keys: [], states: shape.calls.map(accumulator) });
  }

  add(item: Item): void {
    const all = this.scan.occurrence.table.columns;
    const values = this.columns.map((c) => columnJson(item, c, all, this.context));
    const n = this.shape.groupBy.length;
    const key = n === 1 ? String(values[0]) : values.slice(0, n).join('\u0001');
    let group = this.groups.get(key);
    if (!group) {
      group = { keys: values.slice(0, n) as string[], states: this.shape.calls.map(accumulator) };
      this.groups.set(key, group);
    }
    for (let i = 0; i < group.states.length; i++) {
      const at = this.callColumn[i]!;
      group.states[i]!.add(at < 0 ? 'true' : values[at]!);
    }
  }

  /** `[{"kind":"click","__ds_a0":3,...}, ...]`: the input of the final statement. */
  json(): string {
    const rows: string[] = [];
    for (const g of this.groups.values()) {
      const members = this.shape.groupBy.map(
        (c, i) => `${JSON.stringify(c.column.name)}:${g.keys[i] ?? 'null'}`,
      );
      g.states.forEach((s, i) => members.push(s.members(i)));
      rows.push('{' + members.join(',') + '}');
    }
    return '[' + rows.join(',') + ']';
  }
}

/** A state for one call: what Postgres's transition function keeps, in exact values. */
function accumulator(call: AggregateCall): Accumulator {
  switch (call.fn) {
    case 'count':
      return call.distinct ? distinctCount() : count();
    case 'sum':
    case 'avg':
      return sum(call.column!.typname === 'numeric', call.fn === 'avg');
    case 'min':
    case 'max':
      return extreme(call, call.fn === 'min' ? -1 : 1);
    case 'bool_and':
    case 'bool_or':
      return bool(call.fn === 'bool_and');
  }
}

function count(): Accumulator {
  let n = 0;
  return {
    add: (json) => void (json !== null && n++),
    members: (i) => `"__ds_a${i}":${n}`,
  };
}

/** Values told apart by their canonical text (exact kinds print equal values alike: numeric has no trailing zeros). */
function distinctCount(): Accumulator {
  const seen = new Set<string>();
  return {
    add: (json) => void (json !== null && seen.add(json)),
    members: (i) => `"__ds_a${i}":${seen.size}`,
  };
}

function sum(numeric: boolean, withCount: boolean): Accumulator {
  let n = 0;
  let total: Scaled = { unscaled: 0n, scale: 0 };
  return {
    add(json) {
      if (json === null) return;
      n++;
      const text = JSON.parse(json) as string;
      total = numeric
        ? addScaled(total, parseScaled(text))
        : { unscaled: total.unscaled + BigInt(text), scale: 0 };
    },
    members: (i) =>
      `"__ds_a${i}":${n ? JSON.stringify(scaledText(total)) : 'null'}` +
      (withCount ? `,"__ds_n${i}":${n}` : ''),
  };
}

function extreme(call: AggregateCall, sign: -1 | 1): Accumulator {
  let best: { value: ExactValue; json: string } | null = null;
  const kind = call.kind!;
  return {
    add(json) {
      if (json === null) return;
      const value = parseValue(kind, json);
      if (!best || sign * compareValues(kind, value, best.value) > 0) best = { value, json };
    },
    members: (i) => `"__ds_a${i}":${best ? best.json : 'null'}`,
  };
}

function bool(and: boolean): Accumulator {
  let state: boolean | null = null;
  return {
    add(json) {
      if (json === null) return;
      const v = json === 'true';
      state = state === null ? v : and ? state && v : state || v;
    },
    members: (i) => `"__ds_a${i}":${state === null ? 'null' : state}`,
  };
}
