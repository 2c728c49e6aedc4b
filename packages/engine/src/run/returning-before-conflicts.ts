import type { HostResult } from '../host/host';
import { keyText, type ItemKey } from '../write/item-keys';

/** A row an INSERT ... ON CONFLICT DO NOTHING may write: its ctid in the host's copy and its item's key. */
export interface Candidate {
  readonly ctid: string;
  readonly key: ItemKey;
}

export interface ReturningWork {
  /** RETURNING (`ctid::text` first) of every candidate but `leftOut`, for real; throws the host's error. */
  readonly evaluate: (leftOut: readonly string[]) => Promise<HostResult>;
  /** The error RETURNING raises for these candidates, or null; whatever it did is rolled back. */
  readonly check: (ctids: readonly string[]) => Promise<unknown>;
  /** The keys (keyText) of these items that exist now: a consistent read. */
  readonly existing: (keys: readonly ItemKey[]) => Promise<ReadonlySet<string>>;
}

/**
 * `INSERT ... ON CONFLICT DO NOTHING RETURNING <expr>` whose writes are sent as it runs: Postgres
 * evaluates RETURNING only for the rows it inserts, and fails the whole statement, nothing written,
 * when one of those fails; a row that conflicts is skipped without its RETURNING being evaluated.
 * Which rows conflict is known only once they are written, so RETURNING is evaluated for every
 * candidate first. When it fails, the candidates it fails for are found (halving the list) and each
 * asked whether it conflicts — an earlier candidate has its key, or its item exists (`existing`):
 * those are left out, unwritten, as Postgres skips them; the first that does not fails the
 * statement with its error before anything is written. Returns the RETURNING rows of the others
 * (a write may still find some of them conflicting) and the candidates left out.
 *   insert into t values ('a', 100), ('b', 101) on conflict do nothing returning 1 / (sk - 100)
 *   → item a/100 exists: a left out, rows [b: 1];  it does not: 22012 division by zero, nothing written
 */
export async function returningBeforeConflicts(
  candidates: readonly Candidate[],
  work: ReturningWork,
): Promise<{ readonly rows: HostResult; readonly leftOut: readonly string[] }> {
  try {
    return { rows: await work.evaluate([]), leftOut: [] };
  } catch (first) {
    const failing = await failingCandidates(
      candidates.map((c) => c.ctid),
      work.check,
      first,
    );
    // RETURNING failed over all of them and over none alone (a subquery over them all): Postgres's error.
    if (!failing.length) throw first;
    const byCtid = new Map(candidates.map((c, i) => [c.ctid, { ...c, index: i }]));
    const firstIndex = new Map<string, number>();
    candidates.forEach((c, i) => {
      if (!firstIndex.has(keyText(c.key))) firstIndex.set(keyText(c.key), i);
    });
    const failed = failing.map((f) => ({ ...f, ...byCtid.get(f.ctid)! }));
    // A candidate after another of its key conflicts with it (or with the item both conflict with).
    const unique = failed.filter((f) => firstIndex.get(keyText(f.key)) === f.index);
    const existing = unique.length ? await work.existing(unique.map((f) => f.key)) : new Set<string>();
    const inserted = unique.find((f) => !existing.has(keyText(f.key)));
    if (inserted) throw inserted.error;
    const leftOut = failed.map((f) => f.ctid);
    return { rows: await work.evaluate(leftOut), leftOut };
  }
}

/**
 * The candidates RETURNING fails for, in their order, each with its error: a list it fails for is
 * halved until single rows are left (about 2·log2(n) checks a failing row).
 */
async function failingCandidates(
  ctids: readonly string[],
  check: ReturningWork['check'],
  known?: unknown,
): Promise<{ readonly ctid: string; readonly error: unknown }[]> {
  const error = known ?? (await check(ctids));
  if (error === null || error === undefined || !ctids.length) return [];
  if (ctids.length === 1) return [{ ctid: ctids[0]!, error }];
  const half = Math.ceil(ctids.length / 2);
  return [
    ...(await failingCandidates(ctids.slice(0, half), check)),
    ...(await failingCandidates(ctids.slice(half), check)),
  ];
}
