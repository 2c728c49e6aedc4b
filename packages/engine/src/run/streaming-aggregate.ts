import { qualifiedName, type ColumnDef } from '../catalog/foreign-table';
import type { Item } from '../fetch/read-pages';
import {
  exactJson,
  exactKey,
  itemValues,
  type OwnColumn,
  type Suspect,
  type ValueSlots,
} from '../load/exact-reader';
import { rawValues, type RawValues } from '../load/raw-values';
import { itemAt } from '../fetch/chunked-items';
import { compareValues, ExactSum, type ExactValue, type Scaled, type ValueKind } from '../load/exact-value';
import type { AggregateCall, AggregateShape } from '../plan/statement/local-shape';
import type { PlannedScan } from '../plan/statement/statement-plan';
import type { Cell } from '../types';
import { TimeSlice } from '../util/time-slice';
import { toCells } from './cells';
import type { StatementContext } from './context';
import { hostError } from './host-error';
import { readScan } from './load-scan';
import { Suspects } from './top-n';

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
  const suspects = new Suspects();
  const groups = new GroupStates(scan, shape, suspects.add);
  // A page's items are folded in slices: another session's request waits for one, not for the page.
  const slice = new TimeSlice();
  // An item holding a value the host's input may refuse goes to the host as the host path's would.
  await readScan(
    ctx,
    scan,
    async (items) => {
      await slice.each(items, (item) => groups.add(item));
      await suspects.load(ctx, scan);
    },
    {
      // Its values read where the page's bytes hold them, not from items made of them (load/raw-values.ts).
      onRaw: async ({ body, spans }) => {
        await slice.each(spans, ([start, end]) => groups.addAt(body, start, end));
        await suspects.load(ctx, scan);
      },
    },
  );
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
  /** Reads an item's used columns (each once) into `values`, checking the statement's other columns. */
  private readonly read: (item: Item, values: ValueSlots) => void;
  /** The values of the item being added, reused from item to item: one per used column. */
  private readonly values: ValueSlots;
  /** For each GROUP BY column, its slot in `values`. */
  private readonly groupSlots: number[];
  /** For each call, its column's slot in `values` (count(*): -1). */
  private readonly callSlots: number[];
  /** Reads the used columns from an item's bytes where it can (null: never for these columns). */
  private readonly readRaw: RawValues | null;

  constructor(
    scan: PlannedScan,
    private readonly shape: AggregateShape,
    suspect?: Suspect,
  ) {
    const all = scan.occurrence.table.columns;
    const context = { relation: qualifiedName(scan.occurrence.table), keyNames: scan.keyNames };
    const used: OwnColumn[] = [];
    const slot = (column: ColumnDef, kind: ValueKind | null): number => {
      const at = used.findIndex((u) => u.column.name === column.name);
      return at >= 0 ? at : used.push({ column, kind }) - 1;
    };
    this.groupSlots = shape.groupBy.map((g) => slot(g.column, g.kind));
    this.callSlots = shape.calls.map((c) => (c.column ? slot(c.column, c.kind) : -1));
    this.read = itemValues(used, shape.checked, all, context, suspect);
    this.readRaw = rawValues(used, shape.checked);
    this.values = used.map(() => null);
    // An aggregate without GROUP BY makes one row even over no item.
    if (!shape.groupBy.length) this.groups.set('', { keys: [], states: shape.calls.map(accumulator) });
  }

  add(item: Item): void {
    this.read(item, this.values);
    this.fold();
  }

  /** The item at `body[start, end)` (a page's bytes): its values read there, or from the item made of them. */
  addAt(body: Buffer, start: number, end: number): void {
    if (this.readRaw?.(body, start, end, this.values)) this.fold();
    else this.add(itemAt(body, start, end));
  }

  /** Folds the values read of an item into its group's states. */
  private fold(): void {
    const values = this.values;
    const slots = this.groupSlots;
    let key: string | null = '';
    if (slots.length === 1) {
      const v = values[slots[0]!]!;
      key = v === null ? null : exactKey(this.shape.groupBy[0]!.kind, v);
    } else if (slots.length > 1)
      key = slots
        .map((at, i) => {
          const v = values[at]!;
          return v === null ? 'N' : JSON.stringify(exactKey(this.shape.groupBy[i]!.kind, v));
        })
        .join(',');
    let group = this.groups.get(key);
    if (!group) {
      group = { keys: slots.map((at) => values[at]!), states: this.shape.calls.map(accumulator) };
      this.groups.set(key, group);
    }
    const calls = this.callSlots;
    const states = group.states;
    for (let i = 0; i < calls.length; i++) states[i]!.add(calls[i]! < 0 ? true : values[calls[i]!]!);
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
