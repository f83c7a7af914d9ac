import { fileURLToPath } from 'node:url';
import { jsonSchema } from '@toolscope/core';
import { loadManifests } from '@toolscope/manifest';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { KITCHEN_SINK, PACKAGE_DIR } from '../../test/harness.js';
import { resolveConfig } from '../config/index.js';
import { planManifest, type ToolsetPlan } from '../plan.js';
import { definitionStatement, definitionValue, sharedValues } from './definition-statement.js';
import { jsonLiteral } from './literal.js';

const ADVERSARIAL = fileURLToPath(new URL('../../test/fixtures/adversarial.yaml', import.meta.url));

async function plans(manifest: string): Promise<ToolsetPlan[]> {
  const { ir } = await loadManifests(manifest);
  if (ir === undefined) throw new TypeError(`fixture does not load: ${manifest}`);
  const config = resolveConfig({ manifests: [manifest] }, PACKAGE_DIR, (p) => p);
  return planManifest(ir, config);
}

/** Runs generated TypeScript (types stripped by the compiler) and returns what it binds. */
function evaluate(code: string, scope: Record<string, unknown>): unknown {
  const js = ts.transpileModule(code.replace(/^export /gm, ''), {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  }).outputText;
  const names = Object.keys(scope);
  const name = /const (\w+)/.exec(js)?.[1];
  return new Function(...names, `${js}\nreturn ${name};`)(...names.map((n) => scope[n]));
}

describe('a tool declaration written as text', () => {
  it('is, run, the value tools/list serves, with the shared $defs and providers in place', async () => {
    const toolsets = [...(await plans(KITCHEN_SINK)), ...(await plans(ADVERSARIAL))];
    let sharedDefs = 0;
    for (const plan of toolsets) {
      const shared = sharedValues(plan);
      const module = (constants: typeof shared.defs) =>
        Object.fromEntries(constants.map((c) => [c.name, c.value]));
      for (const t of plan.tools) {
        const text = definitionStatement(t, shared);
        if (typeof text !== 'string') throw new TypeError('a declaration is text');
        if (text.includes('defs.')) sharedDefs++;
        const value = evaluate(text, {
          jsonSchema,
          defs: module(shared.defs),
          providers: module(shared.providers),
        });
        expect(JSON.stringify(value), t.tool.name).toBe(JSON.stringify(definitionValue(t)));
      }
    }
    expect(sharedDefs).toBeGreaterThan(0);
  });

  it('names each shared $defs schema and provider once per toolset', async () => {
    const [plan] = await plans(KITCHEN_SINK);
    if (plan === undefined) throw new TypeError('no toolset');
    const shared = sharedValues(plan);
    const names = [...shared.defs, ...shared.providers].map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    const texts = plan.tools.map((t) => String(definitionStatement(t, shared)));
    for (const provider of shared.providers) {
      // The facts live in providers.ts only: no declaration repeats the provider's issuer.
      const facts = provider.value as { issuer?: string };
      if (facts.issuer !== undefined) {
        expect(texts.join('\n')).not.toContain(jsonLiteral(facts.issuer));
      }
    }
  });
});
