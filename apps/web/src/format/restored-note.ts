import type { RestoredInfo } from '../state/run-view';
import { RESULT_SIZE_CAP } from '../state/saved-results';

const pad = (n: number) => String(n).padStart(2, '0');

/** `restored from 14:03 — run again to refresh`; a date is added when it is not from today. */
export function restoredNote(at: number, now: number): string {
  const d = new Date(at);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const sameDay = new Date(now).toDateString() === d.toDateString();
  const when = sameDay ? time : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
  return `restored from ${when} — run again to refresh`;
}

/** `2621440` → `2.5 MB`, `2097152` → `2 MB` (MiB, as the cap is counted). */
function megabytes(chars: number): string {
  return `${Number((chars / (1024 * 1024)).toFixed(1))} MB`;
}

/** Why a restored result shows no rows. */
export function droppedRowsNote(dropped: NonNullable<RestoredInfo['rowsDropped']>): string {
  return dropped.reason === 'too-large'
    ? `The result (${megabytes(dropped.size)} of JSON) is over the ${megabytes(RESULT_SIZE_CAP)} kept per tab. Run again to see it.`
    : `The browser's storage was needed for newer results. Run again to see it.`;
}
