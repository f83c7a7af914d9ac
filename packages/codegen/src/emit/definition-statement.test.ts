import { fileURLToPath } from 'node:url';
import { loadManifests } from '@toolscope/manifest';
import { describe, expect, it } from 'vitest';
import { KITCHEN_SINK, PACKAGE_DIR } from '../../test/harness.js';
import { resolveConfig } from '../config/index.js';
import { planManifest, type ToolPlan } from '../plan.js';
import { definitionStatement, definitionStructure } from './definition-statement.js';
import { printTypeScript } from './typescript.js';

const ADVERSARIAL = fileURLToPath(new URL('../../test/fixtures/adversarial.yaml', import.meta.url));

async function toolPlans(manifest: string): Promise<ToolPlan[]> {
  const { ir } = await loadManifests(manifest);
  if (ir === undefined) throw new TypeError(`fixture does not load: ${manifest}`);
  const config = resolveConfig({ manifests: [manifest] }, PACKAGE_DIR, (p) => p);
  return planManifest(ir, config).flatMap((plan) => [...plan.tools]);
}

describe('a tool declaration written as text', () => {
  it('is byte for byte what ts-morph prints for its structure', async () => {
    const tools = [...(await toolPlans(KITCHEN_SINK)), ...(await toolPlans(ADVERSARIAL))];
    expect(tools.length).toBeGreaterThan(5);
    for (const tool of tools) {
      expect(typeof definitionStatement(tool)).toBe('string');
      expect(printTypeScript([definitionStatement(tool)]), tool.tool.name).toBe(
        printTypeScript([definitionStructure(tool)]),
      );
    }
  });

  it('keeps the structure when the doc line would wrap (a hand-built IR)', async () => {
    const [tool] = await toolPlans(KITCHEN_SINK);
    if (tool === undefined) throw new TypeError('no tool');
    const odd: ToolPlan = { ...tool, tool: { ...tool.tool, name: 'two\nlines */' } };
    expect(definitionStatement(odd)).toEqual(definitionStructure(odd));
  });
});
