import { qualifiedName, type ColumnDef } from '../catalog/foreign-table';
import type { Item } from '../fetch/read-pages';
import { columnJson } from '../load/coerce';
import { columnCheck, exactJson, exactKey, exactReader, type ExactReader } from '../load/exact-reader';
import { compareValues, ExactSum, type ExactValue, type Scaled, type ValueKind } from '../load/exact-value';
import type { AggregateCall, AggregateShape } from '../plan/statement/local-shape';
import type { PlannedScan } from '../plan/statement/statement-plan';
import type { Cell } from '../types';
import { TimeSlice } from '../util/time-slice';
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
  // A page's items are folded in slices: another session's request waits for one, not for the page.
  const slice = new TimeSlice();
  await readScan(ctx, scan, (items) => slice.each(items, (item) => groups.add(item)));
  try {
    const r = await ctx.host.query(shape.finalSql, [groups.json()], (m) => ctx.notices.push(m));
    return toCells(r.rows, typeIds, ctx.floatsAsText);
  } catch (e) {
    // A position in the statement over the states is none in what the user wrote.
    const error = hostError(e);
    error.position = undefined;
    throw error;
  }
}

interface Accumulator {
  add(value: ExactValue | null): void;
  /** The state's JSON members (`"__ds_a0":...`). */
  members(i: number): string;
}

interface Group {
  readonly keys: readonly (ExactValue | null)[];
  readonly states: Accumulator[];
}

/** The per-group states of an aggregate shape, fed item by item. */
export class GroupStates {
  private readonly groups = new Map<string | null, Group>();
  private readonly groupReaders: ExactReader[];
  /** For each call, its column's reader (count(*): none). */
  private readonly callReaders: (ExactReader | null)[];
  /** The other columns an item carries for the statement, coerced for their errors only. */
  private readonly checks: ((item: Item) => unknown)[];

  constructor(
    scan: PlannedScan,
    private readonly shape: AggregateShape,
  ) {
    const all = scan.occurrence.table.columns;
    const context = { relation: qualifiedName(scan.occurrence.table), keyNames: scan.keyNames };
    const used = new Map<ColumnDef, ExactReader>();
    const reader = (column: ColumnDef, kind: ValueKind | null): ExactReader => {
      let r = used.get(column);
      if (!r) {
        r = kind
          ? exactReader(column, kind, all, context)
          : (item) => (columnJson(item, column, all, context) === null ? null : true);
        used.set(column, r);
      }
      return r;
    };
    this.groupReaders = shape.groupBy.map((g) => reader(g.column, g.kind));
    this.callReaders = shape.calls.map((c) => (c.column ? reader(c.column, c.kind) : null));
    this.checks = shape.checked.filter((c) => !used.has(c)).map((c) => columnCheck(c, all, context));
    // An aggregate without GROUP BY makes one row even over no item.
    if (!shape.groupBy.length) this.groups.set('', { keys: [], states: shape.calls.map(accumulator) });
  }

  add(item: Item): void {
    for (const check of this.checks) check(item);
    const keys = this.groupReaders.map((r) => r(item));
    let key: string | null = '';
    if (keys.length === 1) key = keys[0] === null ? null : exactKey(this.shape.groupBy[0]!.kind, keys[0]!);
    else if (keys.length > 1)
      key = keys
        .map((k, i) => (k === null ? 'N' : JSON.stringify(exactKey(this.shape.groupBy[i]!.kind, k))))
        .join(',');
    let group = this.groups.get(key);
    if (!group) {
      group = { keys, states: this.shape.calls.map(accumulator) };
      this.groups.set(key, group);
    }
    const readers = this.callReaders;
    for (let i = 0; i < readers.length; i++) group.states[i]!.add(readers[i] ? readers[i]!(item) : true);
  }

  /** `[{"kind":"click","__ds_a0":3,...}, ...]`: the input of the final statement. */
  json(): string {
    const rows: string[] = [];
    for (const g of this.groups.values()) {
      const members = this.shape.groupBy.map(
        (c, i) =>
          `${JSON.stringify(c.column.name)}:${g.keys[i] === null ? 'null' : exactJson(c.kind, g.keys[i]!)}`,
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
      return call.distinct ? distinctCount(call.kind!) : count();
    case 'sum':
    case 'avg':
      return sum(call.kind!, call.fn === 'avg');
    case 'min':
    case 'max':
      return extreme(call.kind!, call.fn === 'min' ? -1 : 1);
    case 'bool_and':
    case 'bool_or':
      return bool(call.fn === 'bool_and');
  }
}

function count(): Accumulator {
  let n = 0;
  return {
    add: (value) => void (value !== null && n++),
    members: (i) => `"__ds_a${i}":${n}`,
  };
}

function distinctCount(kind: ValueKind): Accumulator {
  const seen = new Set<string>();
  return {
    add: (value) => void (value !== null && seen.add(exactKey(kind, value))),
    members: (i) => `"__ds_a${i}":${seen.size}`,
  };
}

function sum(kind: ValueKind, withCount: boolean): Accumulator {
  let n = 0;
  const total = new ExactSum();
  return {
    add(value) {
      if (value === null) return;
      n++;
      if (kind === 'numeric') total.add((value as Scaled).unscaled, (value as Scaled).scale);
      else total.add(value as number | bigint);
    },
    members: (i) =>
      `"__ds_a${i}":${n ? exactJson('numeric', total.value()) : 'null'}` +
      (withCount ? `,"__ds_n${i}":${n}` : ''),
  };
}

function extreme(kind: ValueKind, sign: -1 | 1): Accumulator {
  let best: ExactValue | null = null;
  return {
    add(value) {
      if (value !== null && (best === null || sign * compareValues(kind, value, best) > 0)) best = value;
    },
    members: (i) => `"__ds_a${i}":${best === null ? 'null' : exactJson(kind, best)}`,
  };
}

function bool(and: boolean): Accumulator {
  let state: boolean | null = null;
  return {
    add(value) {
      if (value === null) return;
      state =
        state === null ? (value as boolean) : and ? state && (value as boolean) : state || (value as boolean);
    },
    members: (i) => `"__ds_a${i}":${state === null ? 'null' : state}`,
  };
}
