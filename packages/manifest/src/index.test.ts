import { describe, expect, it } from 'vitest';
import * as manifest from './index.js';

describe('@toolscope/manifest public API', () => {
  it('exports exactly these values', () => {
    expect(Object.keys(manifest).sort()).toEqual([
      'DIAGNOSTIC_CODES',
      'FORBIDDEN_HTTP_HEADERS',
      'HTTP_METHODS',
      'JWT_ALGORITHMS',
      'MANIFEST_SCHEMA_FILE',
      'ManifestCache',
      'ManifestError',
      'TOOLSET_NAME_PATTERN',
      'TOOL_NAME_PATTERN',
      'closestMatch',
      'formatDiagnostics',
      'loadManifestSources',
      'loadManifests',
      'manifestSchema',
      'maskSecrets',
      'parseSource',
      'pathPlaceholders',
      'renderManifestJsonSchema',
    ]);
  });
});
