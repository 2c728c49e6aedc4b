import { describe, expect, it } from 'vitest';
import { isOff } from './settings';

describe('isOff', () => {
  it("reads a Boolean setting as Postgres's parse_bool does: a word's prefixes, any case", () => {
    for (const off of ['off', 'OFF', 'of', 'false', 'f', 'FaL', 'no', 'n', '0'])
      expect([off, isOff(off)]).toEqual([off, true]);
    // On, unset, and what parse_bool refuses ('o' names neither on nor off): the default, on.
    for (const on of ['on', 'true', 't', 'yes', '1', '', null, undefined, 'o', 'offf', 'nope', '00', 'maybe'])
      expect([on, isOff(on)]).toEqual([on, false]);
  });
});
