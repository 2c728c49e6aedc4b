import { describe, expect, it } from 'vitest';
import { EngineError } from '../../errors';
import { optionLimits, registerLimits, sharedLimit, tableKey } from './table-limits';

const provisioned = { readUnits: 400, writeUnits: 100, maxReadUnits: 0, maxWriteUnits: 0 };
const onDemand = { readUnits: 0, writeUnits: 0, maxReadUnits: 1000, maxWriteUnits: 200 };
const none = { readUnits: 0, writeUnits: 0, maxReadUnits: 0, maxWriteUnits: 0 };

describe('optionLimits', () => {
  it('no option, no limit', () => {
    expect(optionLimits({}, { table: 't' }, provisioned, 't')).toEqual({ read: null, write: null });
  });

  it('the strictest of the server and the table options wins, and says where it comes from', () => {
    expect(
      optionLimits(
        { max_rcu_per_second: '100' },
        { read_percent: '10', max_wcu_per_second: '30' },
        provisioned,
        't',
      ),
    ).toEqual({ read: { perSecond: 40, source: 'table' }, write: { perSecond: 30, source: 'table' } });
    expect(optionLimits({ max_rcu_per_second: '20' }, { read_percent: '10' }, provisioned, 't').read).toEqual(
      {
        perSecond: 20,
        source: 'server',
      },
    );
  });

  it('a percentage of the on-demand maximum when the table has no provisioned capacity', () => {
    expect(optionLimits({ write_percent: '5' }, {}, onDemand, 't').write).toEqual({
      perSecond: 10,
      source: 'server',
    });
  });

  it('0 is no limit', () => {
    expect(optionLimits({ max_rcu_per_second: '0', read_percent: '0' }, {}, none, 't').read).toBeNull();
  });

  it('a percentage of a table with neither → 55000 naming the table and the option', () => {
    let error: unknown;
    try {
      optionLimits({}, { read_percent: '50' }, none, 'events');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).sqlstate).toBe('55000');
    expect((error as EngineError).message).toBe(
      'option "read_percent" needs a capacity to take a percentage of, and DynamoDB table "events" has none',
    );
    expect((error as EngineError).detail).toContain('OnDemandThroughput.MaxReadRequestUnits');
  });
});

describe('shared limits', () => {
  it('one key per endpoint, region, identity and table', () => {
    const a = { name: 'a', options: { endpoint_url: 'http://x:1', region: 'eu-west-1' } };
    expect(tableKey(a, 'orders')).toBe('http://x:1|eu-west-1|a|orders');
    expect(tableKey({ name: 'b', options: { profile: 'prod' } }, 'orders')).toBe('aws||prod|orders');
  });

  it('the strictest limit of every foreign table over a DynamoDB table holds for all of them; none once removed', () => {
    const key = `test|${Math.random()}`;
    const [a, b] = [1, 2].map((oid) => ({
      oid,
      server: { name: 's', options: {} },
      options: { table: 't' },
    }));
    registerLimits(key, a!, { read: { perSecond: 50, source: 'table' }, write: null });
    registerLimits(key, b!, { read: { perSecond: 20, source: 'server' }, write: null });
    expect(sharedLimit(key, 'read')).toEqual({ perSecond: 20, source: 'server' });
    expect(sharedLimit(key, 'write')).toBeNull();
    registerLimits(key, b!, { read: null, write: null });
    expect(sharedLimit(key, 'read')).toEqual({ perSecond: 50, source: 'table' });
  });
});
