import { describe, expect, it } from 'vitest';
import { keyFetchPlan as keyFetch } from '../test-support/wire-fixtures';
import { keyFetchDeclinedNote, keyFetchView } from './key-fetch-view';

describe('keyFetchView (a top-N read by keys, in two steps)', () => {
  it('before a run: the narrow Scan, then the key read with its estimate and nothing consumed', () => {
    expect(
      keyFetchView(
        { operation: 'Scan', projection: ['id', 'ts'], consistentRead: false, keyFetch: keyFetch() },
        false,
      ),
    ).toEqual({
      scanStep: 'Step 1 · narrow Scan: id, ts of every item it reads; keeps the best 10',
      title: 'up to 10 kept keys',
      operation: 'BatchGetItem',
      projection: 'all attributes',
      estimatedRcu: 5,
      actual: null,
      readAgain: null,
    });
  });

  it('after a run: what the key read consumed, returned and sent', () => {
    const v = keyFetchView(
      {
        operation: 'Scan',
        projection: ['id', 'ts'],
        consistentRead: true,
        keyFetch: keyFetch({ consumedRcu: 10, returnedCount: 10, requests: 1, readScanAgain: false }),
      },
      true,
    );
    expect(v?.actual).toEqual({ rcu: 10, returned: 10, requests: 1 });
    expect(v?.projection).toBe('all attributes, consistent');
    expect(v?.readAgain).toBeNull();
  });

  it('one kept item: a GetItem; a kept item that changed: the Scan read again is said', () => {
    const v = keyFetchView(
      {
        operation: 'Scan',
        projection: ['id'],
        consistentRead: false,
        keyFetch: keyFetch({
          operation: 'GetItem',
          maxKeys: 1,
          projection: ['id', 'note'],
          consumedRcu: 0.5,
          returnedCount: 1,
          requests: 1,
          readScanAgain: true,
        }),
      },
      true,
    );
    expect(v?.title).toBe('the kept key');
    expect(v?.scanStep).toBe('Step 1 · narrow Scan: id of every item it reads; keeps the best 1');
    expect(v?.projection).toBe('id, note');
    expect(v?.readAgain).toMatch(/^A kept item changed before its key read: the Scan was read again whole/);
  });

  it('a Query on the table’s own key that reads keys then fetches is called a Query', () => {
    const v = keyFetchView(
      { operation: 'Query', projection: ['id', 'ts'], consistentRead: false, keyFetch: keyFetch() },
      false,
    );
    expect(v?.scanStep).toBe('Step 1 · narrow Query: id, ts of every item it reads; keeps the best 10');
  });

  it('a scan without a key read (a plain top-N, any other read): nothing', () => {
    expect(keyFetchView({ operation: 'Scan', projection: null, consistentRead: false }, true)).toBeNull();
  });
});

describe('keyFetchDeclinedNote (a key read considered and not chosen)', () => {
  it('says why, with the kept items it would have read', () => {
    expect(
      keyFetchDeclinedNote({
        keyFetchDeclined: { maxKeys: 10, reason: "key read 3 RCU, more than a quarter of the Scan's 8" },
      }),
    ).toBe(
      "Reads keys then fetches the 10 kept items: not chosen — key read 3 RCU, more than a quarter of the Scan's 8",
    );
    expect(
      keyFetchDeclinedNote({
        keyFetchDeclined: { maxKeys: 1, reason: 'narrow items ~140 B vs whole ~180 B, at least half' },
      }),
    ).toBe(
      'Reads keys then fetches the kept item: not chosen — narrow items ~140 B vs whole ~180 B, at least half',
    );
  });

  it('chosen or never a candidate: nothing', () => {
    expect(keyFetchDeclinedNote({})).toBeNull();
  });
});
