import type { DemoFill } from '@dynascope/contract';

const count = (n: number) => n.toLocaleString('en-US');

/**
 * What the top bar says about the demo's background fill: "Loading demo events 42,000 / 200,000"
 * while it runs (with a tooltip that queries see the items so far), nothing once it is done.
 */
export function demoFillLabel(fill: DemoFill | null): { text: string; title: string } | null {
  if (!fill || fill.state === 'done') return null;
  if (fill.state === 'failed')
    return {
      text: `Demo ${fill.table}: loading stopped at ${count(fill.written)}`,
      title: `Filling the demo ${fill.table} table failed (the next start tries again): ${fill.message ?? ''}`,
    };
  return {
    text: `Loading demo ${fill.table} ${count(fill.written)} / ${count(fill.total)}`,
    title: `The demo ${fill.table} table is being filled in the background: queries on it see the items loaded so far.`,
  };
}
