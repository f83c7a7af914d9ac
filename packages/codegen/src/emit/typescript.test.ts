import { describe, expect, it } from 'vitest';
import { compareNames, sortNames } from './typescript.js';

describe('compareNames', () => {
  it('orders letters case-insensitively with the capital first', () => {
    expect(sortNames(['b', 'B', 'a', 'A'])).toEqual(['A', 'a', 'B', 'b']);
  });

  it('orders digit runs by their value, not character by character', () => {
    expect(sortNames(['tool10', 'tool9', 'tool1', 'tool100', 'tool09x'])).toEqual([
      'tool1',
      'tool9',
      'tool09x',
      'tool10',
      'tool100',
    ]);
    expect(compareNames('a2b', 'a10b')).toBeLessThan(0);
    expect(compareNames('a10b', 'a10c')).toBeLessThan(0);
  });

  it('puts other characters before letters and digits before letters', () => {
    expect(sortNames(['a', '_a', '1'])).toEqual(['_a', '1', 'a']);
  });

  it('ignores a `type ` prefix and puts a prefix of a name first', () => {
    expect(sortNames(['type Zeta', 'alpha', 'type alp'])).toEqual([
      'type alp',
      'alpha',
      'type Zeta',
    ]);
    expect(compareNames('abc', 'abc')).toBe(0);
  });
});
