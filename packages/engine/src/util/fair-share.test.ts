import { describe, expect, it } from 'vitest';
import {
  FAIR_PAGE_RCU,
  FairShare,
  RECENT_MS,
  TURN_IN_FLIGHT,
  TURN_PAGE_RCU,
  fairShareMode,
  givingWay,
  isLoopbackHost,
  readCap,
} from './fair-share';

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

  it('alone, reads of a table larger than a page are bounded on what is served in turn (auto and on), not on a region nor with off; beside another session, small pages one at a time', async () => {
    const share = new FairShare();
    const inTurn = { pageRcu: TURN_PAGE_RCU, inFlight: TURN_IN_FLIGHT };
    const givingWayCap = { pageRcu: FAIR_PAGE_RCU, inFlight: 1 };
    const caps = () => [
      share.readCap(a, true, true),
      share.readCap(a, false, true),
      share.readCap(a, true, false),
    ];
    expect(caps()).toEqual([inTurn, null, null]);
    share.yields(a, 'on');
    expect(caps()).toEqual([inTurn, null, null]);
    share.yields(a, 'off');
    expect(caps()).toEqual([null, null, null]);
    share.yields(a, 'auto');
    void share.run(b, () => new Promise<void>(() => undefined));
    expect(caps()).toEqual([givingWayCap, null, givingWayCap]);
    share.yields(a, 'on');
    expect(caps()).toEqual([givingWayCap, givingWayCap, givingWayCap]);
    // Outside any session's request (the engine's own reads) nothing bounds them; inside, the session's.
    expect(readCap(true, true)).toBeNull();
    expect(await share.run(a, async () => readCap(false, false))).toEqual(givingWayCap);
    expect(TURN_PAGE_RCU).toBeGreaterThan(FAIR_PAGE_RCU);
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
