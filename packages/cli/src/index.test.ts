import { describe, expect, it } from 'vitest';
import * as cli from './index.js';

describe('@toolscope/cli public API', () => {
  it('exports exactly these values', () => {
    expect(Object.keys(cli).sort()).toEqual([
      'CONFIG_FILE',
      'CliError',
      'DEFAULT_CONFIG',
      'EXIT',
      'STARTER_MANIFEST',
      'UsageError',
      'checkCommand',
      'cliVersion',
      'commands',
      'initCommand',
      'main',
      'parseCommandLine',
    ]);
  });

  it('registers check and init first', () => {
    expect(cli.commands.map((c) => c.name).slice(0, 2)).toEqual(['check', 'init']);
  });
});
