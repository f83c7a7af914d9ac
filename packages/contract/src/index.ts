export {
  type ChangelogPage,
  type ChangelogRelease,
  releasesFromSnapshots,
  renderToolsetChangelog,
  type ToolsetSnapshot,
} from './changelog.js';
export {
  type ChangesetResult,
  type PackageNamer,
  type RenderedChangeset,
  renderChangeset,
  writeChangeset,
} from './changeset.js';
export { diffManifests } from './diff.js';
export { diffToolset } from './diff-toolset.js';
export { ContractError, type ContractErrorCode } from './errors.js';
export { readManifestsAtRef } from './git.js';
export { type ToolsetChangelogPage, toolsetChangelogPages, toolsetHistory } from './history.js';
export { escapeMarkdown } from './markdown.js';
export {
  formatPosition,
  type RenderTextOptions,
  renderDiffText,
  terminalSafe,
} from './render-text.js';
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
export {
  type CallOutcome,
  connectServer,
  displayUrl,
  type ServerConnection,
  type VerifyTarget,
} from './verify/connect.js';
export { expectedListedTool } from './verify/expected.js';
export {
  compareListing,
  type ListingOptions,
  VERIFY_CODES,
  type VerifyCode,
} from './verify/listing.js';
export { checkRefusals, refusalProblem } from './verify/refusal.js';
export { sampleArguments } from './verify/sample.js';
export { type VerifyOptions, type VerifyReport, verifyServer } from './verify/verify.js';
