import { describe, expect, it } from 'vitest';
import { loadExamples } from './load-examples';
import { parseExamples } from './parse-examples';

describe('parseExamples', () => {
  it('splits titled blocks into title, description and SQL', () => {
    const text = [
      '-- header comment, ignored',
      '',
      '-- title: Point lookup',
      '-- Reads one item.',
      '-- Costs 0.5 RCU.',
      'select *',
      'from users where user_id = $$u1$$;',
      '',
      '-- title: Scan',
      'select count(*) from events; -- trailing comment kept',
      '',
    ].join('\n');
    expect(parseExamples(text)).toEqual([
      {
        title: 'Point lookup',
        description: 'Reads one item. Costs 0.5 RCU.',
        sql: 'select *\nfrom users where user_id = $$u1$$;',
      },
      { title: 'Scan', description: '', sql: 'select count(*) from events; -- trailing comment kept' },
    ]);
  });

  it('loads the demo examples, each with SQL', () => {
    const examples = loadExamples();
    expect(examples.length).toBeGreaterThanOrEqual(8);
    for (const example of examples) {
      expect(example.title).not.toBe('');
      expect(example.sql).toMatch(/^select/i);
    }
  });
});
