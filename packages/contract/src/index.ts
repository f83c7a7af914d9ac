export { diffManifests } from './diff.js';
export { diffToolset } from './diff-toolset.js';
export {
  type ClassificationRule,
  CONTRACT_RULES,
  type ContractRuleId,
  SCHEMA_RULES,
  type SchemaEffect,
  type SchemaSide,
} from './rules.js';
export { compareSchemaDocuments } from './schema/compare.js';
export type { SchemaFinding } from './schema/finding.js';
export { compareSemver, isBreakingBump, nextVersion, parseSemver, type Semver } from './semver.js';
export {
  type ChangeLocation,
  type ContractChange,
  type ContractDiff,
  PARTY_LABELS,
  type Party,
  type ReleaseLevel,
  type ToolsetDiff,
  type ToolsetStatus,
} from './types.js';
