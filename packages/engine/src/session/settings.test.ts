import { describe, expect, it } from 'vitest';
import { isOff, pageFiltersOn, parseBool } from './settings';

describe('parseBool', () => {
  it("reads a Boolean as Postgres's parse_bool does: a word's prefixes, any case", () => {
    for (const on of ['on', 'ON', 'true', 't', 'TrU', 'yes', 'y', '1'])
      expect([on, parseBool(on)]).toEqual([on, true]);
    for (const off of ['off', 'OFF', 'of', 'false', 'f', 'FaL', 'no', 'n', '0'])
      expect([off, parseBool(off)]).toEqual([off, false]);
    // 'o' names neither on nor off; no whitespace is trimmed.
    for (const neither of ['', 'o', 'offf', 'nope', '00', 'maybe', ' on', 'truee', '2'])
      expect([neither, parseBool(neither)]).toEqual([neither, null]);
  });
});

describe('isOff', () => {
  it('is off only for what parse_bool reads as false: unset and invalid leave the default, on', () => {
    for (const off of ['off', 'f', 'FaL', 'n', '0']) expect([off, isOff(off)]).toEqual([off, true]);
    for (const on of ['on', 't', '1', '', null, undefined, 'o', 'maybe'])
      expect([on, isOff(on)]).toEqual([on, false]);
  });
});

describe('pageFiltersOn', () => {
  it('is on unset or reset, follows a Boolean, and refuses anything else with 22023', () => {
    expect([pageFiltersOn(null), pageFiltersOn(''), pageFiltersOn('yes'), pageFiltersOn('OF')]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(() => pageFiltersOn('maybe')).toThrow(
      expect.objectContaining({
        sqlstate: '22023',
        message: 'parameter "dynascope.page_filters" requires a Boolean value',
      }),
    );
  });
});
