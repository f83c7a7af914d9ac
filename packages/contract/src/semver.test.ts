import { describe, expect, it } from 'vitest';
import { compareSemver, isBreakingBump, nextVersion, parseSemver } from './index.js';

describe('the version gate', () => {
  it.each([
    ['1.4.2', '2.0.0', true],
    ['1.4.2', '1.5.0', false],
    ['1.4.2', '2.0.0-rc.1', true],
    ['1.4.2', '1.4.2', false],
    ['2.0.0', '1.9.0', false],
    ['0.3.1', '0.4.0', true],
    ['0.3.1', '0.3.9', false],
    ['0.3.1', '1.0.0', true],
    ['0.0.3', '0.0.4', true],
    ['0.0.3', '0.1.0', true],
  ])('%s → %s is a breaking bump: %s', (from, to, breaking) => {
    expect(isBreakingBump(from, to)).toBe(breaking);
  });

  it.each([
    ['1.4.2', 'major', '2.0.0'],
    ['1.4.2', 'minor', '1.5.0'],
    ['1.4.2', 'patch', '1.4.3'],
    ['0.3.1', 'major', '0.4.0'],
    ['0.3.1', 'minor', '0.3.2'],
    ['0.0.3', 'major', '0.0.4'],
  ] as const)('after %s a %s change needs %s', (from, level, expected) => {
    expect(nextVersion(from, level)).toBe(expected);
  });

  it('orders versions, prereleases before their release', () => {
    expect(['1.0.0', '2.0.0-rc.1', '0.9.0', '2.0.0'].sort(compareSemver)).toEqual([
      '0.9.0',
      '1.0.0',
      '2.0.0-rc.1',
      '2.0.0',
    ]);
  });

  it('refuses what is not semver with a hint', () => {
    expect(() => parseSemver('1.0')).toThrow(/not a semver version/);
  });
});
