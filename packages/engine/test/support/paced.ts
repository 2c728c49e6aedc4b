import { expect } from 'vitest';
import type { LoggedRequest, RequestLog } from './request-log';

type Answer = NonNullable<LoggedRequest['answer']>;

/** The answers of `operations` on `table` the relay recorded since request number `from`. */
export function answersOf(
  relay: RequestLog,
  from: number,
  table: string,
  operations: readonly string[],
): Answer[] {
  return relay.requests
    .slice(from)
    .filter((r) => operations.includes(r.operation) && JSON.stringify(r.body).includes(table))
    .map((r) => r.answer)
    .filter((a): a is Answer => a !== undefined && a.status === 200);
}

/**
 * The most consumed in any 2-second window (windows starting at each answer), per second, and the
 * average while the requests ran: what the answers after the first consumed, over the time from the
 * first answer to the last (the statement's planning and its host work, which the governor does not
 * pace, are left out: on a loaded machine they alone pulled a 3 s read's average under the floor).
 * One answer: its consumption over the whole run.
 */
export function measure(got: readonly Answer[], startedAt: number, endedAt: number) {
  let worst = 0;
  for (const a of got) {
    const inWindow = got
      .filter((b) => b.at >= a.at && b.at < a.at + 2000)
      .reduce((n, b) => n + b.consumed, 0);
    worst = Math.max(worst, inWindow / 2);
  }
  const total = got.reduce((n, b) => n + b.consumed, 0);
  const byTime = [...got].sort((a, b) => a.at - b.at);
  const [first, last] = [byTime[0], byTime.at(-1)];
  const average =
    first && last && last.at > first.at
      ? (total - first.consumed) / ((last.at - first.at) / 1000)
      : total / ((endedAt - startedAt) / 1000);
  return { worst, total, average };
}

/** Within 1.25x of `limit` over every 2 s window, and on average not far below it. */
export function expectPaced(m: ReturnType<typeof measure>, limit: number): void {
  expect(m.worst, `the busiest 2 s window, per second (${JSON.stringify(m)})`).toBeLessThanOrEqual(
    1.25 * limit,
  );
  expect(m.average, `the average per second (${JSON.stringify(m)})`).toBeGreaterThanOrEqual(0.5 * limit);
}
