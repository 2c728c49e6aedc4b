import { describe, expect, it } from 'vitest';
import { FairShare, RECENT_MS, fairShareMode, givingWay, isLoopbackHost } from './fair-share';

describe('FairShare', () => {
  const a = { name: 'a' };
  const b = { name: 'b' };

  it('a session alone does not give way; beside another one at work it does, inside its own requests', async () => {
    const share = new FairShare();
    const seen: boolean[] = [];
    await share.run(a, async () => seen.push(givingWay()));
    let release!: () => void;
    const bRunning = share.run(b, () => new Promise<void>((resolve) => (release = resolve)));
    await share.run(a, async () => {
      seen.push(givingWay());
      // Work started inside the request (a page read later on) still knows whose it is.
      await new Promise((resolve) => setTimeout(resolve, 1));
      seen.push(givingWay());
    });
    release();
    await bRunning;
    expect(seen).toEqual([false, true, true]);
    // Outside any session's request nothing gives way (the engine's own reads).
    expect(givingWay()).toBe(false);
  });

  it('another session counts as at work for RECENT_MS after its last request ended', async () => {
    let now = 1_000_000;
    const share = new FairShare(() => now);
    await share.run(b, async () => undefined);
    expect(share.othersActive(a)).toBe(true);
    expect(share.othersActive(b)).toBe(false);
    now += RECENT_MS - 1;
    expect(share.othersActive(a)).toBe(true);
    now += 2;
    expect(share.othersActive(a)).toBe(false);
  });

  it('a session counts as at work while any of its requests runs (a cursor page beside a statement)', async () => {
    let now = 0;
    const share = new FairShare(() => now);
    let first!: () => void;
    const one = share.run(b, () => new Promise<void>((resolve) => (first = resolve)));
    await share.run(b, async () => undefined);
    now += RECENT_MS * 2;
    expect(share.othersActive(a)).toBe(true);
    first();
    await one;
    expect(share.othersActive(a)).toBe(true);
    now += RECENT_MS * 2;
    expect(share.othersActive(a)).toBe(false);
  });

  it('a session with fair_share off never gives way; on again, it does', () => {
    const share = new FairShare();
    void share.run(b, () => new Promise<void>(() => undefined));
    expect(share.givesWay(a)).toBe(true);
    share.yields(a, 'off');
    expect(share.givesWay(a)).toBe(false);
    share.yields(a, 'auto');
    expect(share.givesWay(a)).toBe(true);
  });

  it('auto gives way on what is served in turn (this thread, a local emulator), not on a DynamoDB region; on gives way on both', () => {
    const share = new FairShare();
    void share.run(b, () => new Promise<void>(() => undefined));
    expect([share.givesWay(a, true), share.givesWay(a, false)]).toEqual([true, false]);
    share.yields(a, 'on');
    expect([share.givesWay(a, true), share.givesWay(a, false)]).toEqual([true, true]);
    share.yields(a, 'off');
    expect([share.givesWay(a, true), share.givesWay(a, false)]).toEqual([false, false]);
  });

  it('reads the setting as Postgres reads a boolean, anything else (unset) as auto', () => {
    expect(['off', 'FALSE', 'no', '0'].map(fairShareMode)).toEqual(['off', 'off', 'off', 'off']);
    expect(['on', 'true', 'Yes', '1'].map(fairShareMode)).toEqual(['on', 'on', 'on', 'on']);
    expect([null, undefined, '', 'auto'].map(fairShareMode)).toEqual(['auto', 'auto', 'auto', 'auto']);
  });

  it('an endpoint on this machine is a loopback host; a region or another machine is not', () => {
    expect(['localhost', '127.0.0.1', '127.8.9.10', '::1', '[::1]'].map(isLoopbackHost)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(
      ['dynamodb.us-east-1.amazonaws.com', '10.0.0.5', 'localhost.example.com', '128.0.0.1'].map(
        isLoopbackHost,
      ),
    ).toEqual([false, false, false, false]);
  });
});
