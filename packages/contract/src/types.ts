/** The data a diff produces: plain, sorted, JSON-serialisable. */
import type { SourcePosition } from '@toolscope/manifest';

/** A semver release level, from the least to the most disruptive. */
export type ReleaseLevel = 'patch' | 'minor' | 'major';

/** Who a change affects: the three parties of a toolset's contract. */
export type Party = 'callers' | 'implementers' | 'tokens';

/** How each party is named in reports. */
export const PARTY_LABELS: Readonly<Record<Party, string>> = {
  callers: 'client callers',
  implementers: 'server implementers',
  tokens: "end users' tokens",
};

/** Where a change sits in the old and the new manifest (either may be absent). */
export interface ChangeLocation {
  readonly before?: SourcePosition;
  readonly after?: SourcePosition;
}

/** One classified change between two versions of a toolset. */
export interface ContractChange {
  /** Stable id of the rule that classified it, e.g. `input-narrowed`, `scope-added`. */
  readonly rule: string;
  readonly level: ReleaseLevel;
  readonly parties: readonly Party[];
  /** The tool it concerns, when it concerns one. */
  readonly tool?: string;
  /** What changed, e.g. `input.meetingId` or `provider zoom`. */
  readonly subject: string;
  /** What happened, in one sentence. */
  readonly message: string;
  /** Why the rule gives this level. */
  readonly why: string;
  readonly location: ChangeLocation;
}

/** Whether a toolset exists on both sides or only on one. */
export type ToolsetStatus = 'changed' | 'unchanged' | 'added' | 'removed';

/** The changes of one toolset, and what they mean for its version. */
export interface ToolsetDiff {
  readonly toolset: string;
  readonly status: ToolsetStatus;
  readonly oldVersion?: string;
  readonly newVersion?: string;
  /** The highest level among the changes; undefined when nothing changed. */
  readonly level: ReleaseLevel | undefined;
  /** The smallest version the new manifest should carry, when a bump is due. */
  readonly suggestedVersion?: string;
  /** False when a major change is not matched by a major bump of `version` (the CI gate). */
  readonly versionOk: boolean;
  readonly changes: readonly ContractChange[];
}

/** Every toolset's diff, sorted by toolset name. */
export interface ContractDiff {
  readonly toolsets: readonly ToolsetDiff[];
  /** The highest level across toolsets. */
  readonly level: ReleaseLevel | undefined;
  /** False when any toolset fails the version gate. */
  readonly ok: boolean;
}

const ORDER: Readonly<Record<ReleaseLevel, number>> = { patch: 0, minor: 1, major: 2 };

/** The higher of two levels (undefined is below patch). */
export function maxLevel(
  a: ReleaseLevel | undefined,
  b: ReleaseLevel | undefined,
): ReleaseLevel | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return ORDER[a] >= ORDER[b] ? a : b;
}

/** Sort key of a level: major first. */
export function levelRank(level: ReleaseLevel): number {
  return 2 - ORDER[level];
}
