import { describe, expect, it } from 'vitest';
import * as contract from './index.js';

describe('@toolscope/contract public API', () => {
  it('exports exactly these values', () => {
    expect(Object.keys(contract).sort()).toEqual([
      'CONTRACT_RULES',
      'ContractError',
      'PARTY_LABELS',
      'SCHEMA_RULES',
      'VERIFY_CODES',
      'checkRefusals',
      'compareListing',
      'compareSchemaDocuments',
      'compareSemver',
      'connectServer',
      'diffManifests',
      'diffToolset',
      'displayUrl',
      'escapeMarkdown',
      'expectedListedTool',
      'formatPosition',
      'isBreakingBump',
      'nextVersion',
      'parseSemver',
      'readManifestsAtRef',
      'refusalProblem',
      'releasesFromSnapshots',
      'renderChangeset',
      'renderDiffText',
      'renderToolsetChangelog',
      'sampleArguments',
      'terminalSafe',
      'toolsetChangelogPages',
      'toolsetHistory',
      'verifyServer',
      'writeChangeset',
    ]);
  });
});
