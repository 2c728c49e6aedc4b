import { describe, expect, it } from 'vitest';
import { EngineError } from '../../errors';
import { StatementUse, limitSetting } from './governor-scope';

function errorOf(fn: () => void): EngineError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(EngineError);
    return e as EngineError;
  }
  throw new Error('expected an error');
}

describe('limitSetting', () => {
  it('a rate of 0 or unset is no limit; a statement maximum of 0 allows nothing', () => {
    expect(limitSetting('max_rcu_per_second', '20')).toBe(20);
    expect(limitSetting('max_rcu_per_second', '0')).toBeNull();
    expect(limitSetting('max_wcu_per_second', null)).toBeNull();
    expect(limitSetting('max_statement_wcu', '0')).toBe(0);
    expect(limitSetting('max_statement_rcu', '')).toBeNull();
  });

  it.each(['fast', '-1', 'Infinity'])('%j → 22023 naming the setting', (value) => {
    const e = errorOf(() => limitSetting('max_rcu_per_second', value));
    expect(e.sqlstate).toBe('22023');
    expect(e.message).toBe(`invalid value for parameter "dynascope.max_rcu_per_second": "${value}"`);
  });
});

describe('StatementUse', () => {
  it('the rate is what was consumed over the last two seconds (over its age while younger)', () => {
    const use = new StatementUse(null, null, 0);
    use.add('read', 10, 500);
    expect(use.rate('read', 1000)).toBe(10);
    use.add('read', 30, 1500);
    use.add('write', 5, 1500);
    expect(use.rate('read', 2000)).toBe(20);
    // The first 10 has left the window.
    expect(use.rate('read', 3000)).toBe(15);
    expect(use.rate('write', 3000)).toBe(2.5);
  });

  it('stops a statement once it has consumed more than its maximum, saying what it consumed', () => {
    const use = new StatementUse(10, 4);
    use.add('read', 10);
    expect(() => use.check('read')).not.toThrow();
    use.add('read', 2.5);
    const e = errorOf(() => use.check('read'));
    expect(e.sqlstate).toBe('54000');
    expect(e.message).toBe('statement stopped: it consumed 12.5 RCU, above dynascope.max_statement_rcu (10)');
    expect(e.detail).toBe('Consumed so far: 12.5 RCU, 0 WCU. The estimate before it ran was lower.');
    use.add('write', 5);
    expect(errorOf(() => use.check('write')).message).toBe(
      'statement stopped: it consumed 5 WCU, above dynascope.max_statement_wcu (4)',
    );
  });
});
