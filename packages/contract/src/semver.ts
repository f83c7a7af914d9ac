/**
 * The version gate. A toolset's `version` is semver; the rule for 0.x follows
 * Cargo's reading of semver: in `0.y.z` the minor is the breaking position, and
 * in `0.0.z` every patch is.
 */
import { ContractError } from './errors.js';
import type { ReleaseLevel } from './types.js';

/** A parsed semver version (build metadata dropped). */
export interface Semver {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly prerelease: string | undefined;
}

const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/** Parses `1.2.3`, `1.2.3-beta.1`; throws a ContractError for anything else. */
export function parseSemver(version: string): Semver {
  const match = SEMVER.exec(version);
  if (!match) {
    throw new ContractError('MANIFEST_INVALID', `"${version}" is not a semver version.`, {
      hint: 'Write MAJOR.MINOR.PATCH, e.g. 1.4.0.',
    });
  }
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3]),
    prerelease: match[4],
  };
}

/** Which position of a version is the breaking one: major ≥ 1, else minor, else patch. */
function breakingPosition(v: Semver): 0 | 1 | 2 {
  if (v.major > 0) return 0;
  return v.minor > 0 ? 1 : 2;
}

function triple(v: Semver): [number, number, number] {
  return [v.major, v.minor, v.patch];
}

/**
 * True when going from `from` to `to` is a breaking ("major") release under
 * the 0.x rule: a higher major; for 0.y.z a higher minor (or leaving 0.x);
 * for 0.0.z a higher patch (or anything above it). A prerelease of the next
 * breaking version counts (`1.4.0` → `2.0.0-rc.1`).
 */
export function isBreakingBump(from: string, to: string): boolean {
  const a = triple(parseSemver(from));
  const b = triple(parseSemver(to));
  const at = breakingPosition(parseSemver(from));
  for (let i = 0; i < at; i++) {
    if (b[i]! > a[i]!) return true;
    if (b[i]! < a[i]!) return false;
  }
  return b[at]! > a[at]!;
}

/** The smallest version after `from` that releases a change of `level` under the 0.x rule. */
export function nextVersion(from: string, level: ReleaseLevel): string {
  const v = parseSemver(from);
  const position = Math.min(
    2,
    breakingPosition(v) + (level === 'major' ? 0 : level === 'minor' ? 1 : 2),
  );
  if (position === 0) return `${v.major + 1}.0.0`;
  if (position === 1) return `${v.major}.${v.minor + 1}.0`;
  return `${v.major}.${v.minor}.${v.patch + 1}`;
}

/** Orders two versions by their numeric parts (prereleases sort before their release). */
export function compareSemver(a: string, b: string): number {
  const x = parseSemver(a);
  const y = parseSemver(b);
  const ta = triple(x);
  const tb = triple(y);
  for (let i = 0; i < 3; i++) if (ta[i] !== tb[i]) return ta[i]! - tb[i]!;
  if (x.prerelease === y.prerelease) return 0;
  if (x.prerelease === undefined) return 1;
  if (y.prerelease === undefined) return -1;
  return x.prerelease < y.prerelease ? -1 : 1;
}
