import { describe, expect, it } from 'vitest';
import { StatementGate } from './statement-gate';

const settled = async (p: Promise<unknown>) => {
  let done = false;
  void p.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((r) => setTimeout(r, 10));
  return done;
};

describe('StatementGate', () => {
  it('lets sessions run at once outside blocks', async () => {
    const gate = new StatementGate<string>(1_000);
    await gate.enter('a', undefined);
    await gate.enter('b', undefined);
    gate.leave('a', false);
    gate.leave('b', false);
    expect(gate.blockOwner).toBeNull();
  });

  it('BEGIN waits for the statements others are running; newcomers wait behind it and its block', async () => {
    const gate = new StatementGate<string>(1_000);
    await gate.enter('a', undefined);
    await gate.enter('b', undefined);
    const opening = gate.open('b', undefined);
    expect(await settled(opening)).toBe(false);
    const c = gate.enter('c', undefined);
    gate.leave('a', false);
    await opening;
    expect(gate.blockOwner).toBe('b');
    expect(await settled(c)).toBe(false);
    gate.leave('b', true);
    expect(await settled(c)).toBe(false);
    await gate.enter('b', undefined);
    gate.leave('b', false);
    await c;
    expect(gate.blockOwner).toBeNull();
  });

  it('two sessions opening blocks at once do not wait for each other', async () => {
    const gate = new StatementGate<string>(200);
    await gate.enter('a', undefined);
    await gate.enter('b', undefined);
    const a = gate.open('a', undefined);
    const b = gate.open('b', undefined);
    await a;
    expect(gate.blockOwner).toBe('a');
    // a's request ends with its block closed: b's BEGIN goes on.
    gate.leave('a', false);
    await b;
    expect(gate.blockOwner).toBe('b');
  });

  it('fails with 55P03 after the wait, and 57014 when the wait is cancelled', async () => {
    const gate = new StatementGate<string>(50);
    await gate.enter('a', undefined);
    gate.settle('a', true);
    await expect(gate.enter('b', undefined)).rejects.toMatchObject({
      sqlstate: '55P03',
      message: 'another session has a transaction block open',
    });
    const stop = new AbortController();
    const waiting = new StatementGate<string>(10_000);
    await waiting.enter('a', undefined);
    waiting.settle('a', true);
    const b = waiting.enter('b', stop.signal);
    stop.abort();
    await expect(b).rejects.toMatchObject({ sqlstate: '57014' });
    // BEGIN beside a running statement that does not end in time.
    await gate.enter('c', undefined).catch((e: unknown) => e);
    gate.leave('a', false);
    await gate.enter('c', undefined);
    await gate.enter('d', undefined);
    await expect(gate.open('d', undefined)).rejects.toMatchObject({
      sqlstate: '55P03',
      message: 'other sessions have statements running',
    });
    expect(gate.blockOwner).toBeNull();
  });

  it('a forgotten session’s block is gone', async () => {
    const gate = new StatementGate<string>(1_000);
    await gate.enter('a', undefined);
    gate.leave('a', true);
    const b = gate.enter('b', undefined);
    gate.forget('a');
    await b;
    expect(gate.blockOwner).toBeNull();
  });
});
