import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadManifestSources, loadManifests, ManifestCache, type ToolIR } from './index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The package's test/ folder: the fixtures are read from it and reported relative to it. */
const testDir = fileURLToPath(new URL('../test', import.meta.url));
const repo = path.resolve(here, '../../..');

async function kitchenSink() {
  const result = await loadManifests('fixtures/valid/kitchen-sink.yaml', { cwd: testDir });
  expect(result.diagnostics).toEqual([]);
  const toolset = result.ir?.toolsets[0];
  if (!toolset) throw new TypeError('kitchen sink did not load');
  return toolset;
}

const tool = (tools: readonly ToolIR[], name: string) => tools.find((t) => t.name === name);

describe('loadManifests', () => {
  it('loads the shipped manifests together with no diagnostics', async () => {
    const result = await loadManifests('manifests/', { cwd: repo });
    expect(result.diagnostics).toEqual([]);
    expect(result.files).toEqual([
      'manifests/crm.yaml',
      'manifests/orders.yaml',
      'manifests/workspace.yaml',
      'manifests/zoom.yaml',
    ]);
    const toolsets = result.ir?.toolsets ?? [];
    expect(toolsets.map((t) => t.name)).toEqual(['crm', 'orders', 'workspace', 'zoom']);
    const tools = toolsets.flatMap((t) => t.tools);
    expect(tools.length).toBeGreaterThanOrEqual(15);
    const methods = new Set(tools.map((t) => t.authorization.method));
    expect([...methods].sort()).toEqual(['apiKey', 'none', 'oauth2']);
    expect(toolsets.find((t) => t.name === 'workspace')?.providers[0]).toMatchObject({
      id: 'self',
      self: true,
    });
    expect(toolsets.find((t) => t.name === 'orders')?.providers[0]).toMatchObject({
      type: 'apiKey',
      holder: 'tenant',
      headerName: 'X-Api-Key',
    });
  });

  it('takes globs, and reports inputs that match nothing', async () => {
    const globbed = await loadManifests(['manifests/{zoom,crm}.y*ml'], { cwd: repo });
    expect(globbed.files).toEqual(['manifests/crm.yaml', 'manifests/zoom.yaml']);
    const missing = await loadManifests(['manifests/zoom.yaml', 'nowhere/*.yaml'], { cwd: repo });
    expect(missing.ir).toBeUndefined();
    expect(missing.diagnostics).toMatchObject([
      { code: 'MANIFEST_NOT_FOUND', file: 'nowhere/*.yaml', severity: 'error' },
    ]);
  });
});

describe('the IR of the kitchen sink', () => {
  it('is sorted, with every method and verifier kind', async () => {
    const toolset = await kitchenSink();
    const names = toolset.tools.map((t) => t.name);
    expect(names).toEqual([...names].sort());
    expect(toolset.providers.map((p) => p.id)).toEqual([
      'acme',
      'partner',
      'personal',
      'plain',
      'self',
      'vault',
    ]);
    const verifiers = toolset.providers.flatMap((p) =>
      p.type === 'oauth2' ? [p.verifier.kind] : [],
    );
    expect(new Set(verifiers)).toEqual(new Set(['jwt', 'introspection', 'opaque']));
    expect(toolset.defs.map((d) => d.name)).toEqual([
      'Circle',
      'Label',
      'Money',
      'Shape',
      'Square',
      'TreeNode',
    ]);
  });

  it('keeps property order, unions, refs and positions', async () => {
    const toolset = await kitchenSink();
    const everything = tool(toolset.tools, 'sink_getEverything');
    const props = everything?.input.properties ?? [];
    expect(props.slice(0, 3).map((p) => p.name)).toEqual(['id', 'name', 'mode']);
    expect(props.find((p) => p.name === 'count')).toMatchObject({
      required: true,
      schema: { kind: 'integer', minimum: 1, maximum: 100, default: 10 },
    });
    expect(props.find((p) => p.name === 'nickname')?.schema).toMatchObject({
      kind: 'union',
      variants: [{ kind: 'string', maxLength: 20 }, { kind: 'null' }],
    });
    expect(props.find((p) => p.name === 'price')?.schema).toMatchObject({
      kind: 'ref',
      name: 'Money',
      description: 'Price with currency',
    });
    expect(props.find((p) => p.name === 'metadata')?.schema).toMatchObject({
      kind: 'object',
      additionalProperties: { kind: 'string' },
    });
    expect(everything?.source).toMatchObject({
      line: 105,
      column: 3,
      pointer: '/tools/sink_getEverything',
    });
  });

  it('makes each wire schema self-contained with the transitive $defs it uses', async () => {
    const toolset = await kitchenSink();
    const everything = tool(toolset.tools, 'sink_getEverything');
    expect(Object.keys(everything?.inputSchema.$defs ?? {})).toEqual([
      'Circle',
      'Label',
      'Money',
      'Shape',
      'Square',
    ]);
    expect(Object.keys(everything?.outputSchema?.$defs ?? {})).toEqual(['Money', 'TreeNode']);
    const echo = tool(toolset.tools, 'sink_echo');
    expect(echo?.inputSchema.$defs).toBeUndefined();
    const ping = tool(toolset.tools, 'sink.ping-1');
    expect(ping?.inputSchema).toEqual({ type: 'object', properties: {} });
    expect(ping?.authorization).toEqual({ method: 'none' });
  });
});

describe('loadManifestSources', () => {
  it('reports every problem of a file, not only the first', () => {
    const result = loadManifestSources([
      {
        file: 'many.yaml',
        text: [
          'toolset: many',
          'version: one',
          'title: Many',
          'tools:',
          '  many_a:',
          '    authorization: { method: oauth2, provider: nope }',
          '    input: { type: object, properties: { x: { type: strng } } }',
          '  many_b:',
          '    authorization: { method: none }',
          '    descripton: typo',
        ].join('\n'),
      },
    ]);
    expect(result.ir).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toEqual([
      'VERSION_NOT_SEMVER',
      'PROVIDER_UNKNOWN',
      'SCHEMA_INVALID',
      'MANIFEST_UNKNOWN_KEY',
    ]);
    expect(result.counts).toEqual({ toolsets: 1, tools: 2 });
  });

  it('reports duplicate tool names across toolsets given in memory', async () => {
    const text = await readFile(path.join(repo, 'manifests/zoom.yaml'), 'utf8');
    const copy = text.replace('toolset: zoom', 'toolset: zoom-copy');
    const result = loadManifestSources([
      { file: 'a.yaml', text },
      { file: 'b.yaml', text: copy },
    ]);
    expect(
      result.diagnostics.every((d) => d.code === 'TOOL_DUPLICATE' && d.file === 'b.yaml'),
    ).toBe(true);
    expect(result.diagnostics).toHaveLength(5);
  });

  it('loads warnings without failing, and reports them', async () => {
    const result = await loadManifests('fixtures/warning', { cwd: testDir });
    expect(result.ir).toBeDefined();
    expect(result.diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['SCHEMA_DEF_UNUSED', 'warning'],
      ['PROVIDER_UNUSED', 'warning'],
    ]);
  });

  it('explains empty and multi-document files in plain words', () => {
    const result = loadManifestSources([
      { file: 'empty.yaml', text: '' },
      { file: 'two.yaml', text: 'toolset: a\n---\ntoolset: b\n' },
    ]);
    expect(result.diagnostics.map((d) => [d.file, d.code, d.message])).toEqual([
      ['empty.yaml', 'MANIFEST_INVALID_TYPE', 'The manifest is empty.'],
      [
        'two.yaml',
        'MANIFEST_SYNTAX',
        'A manifest is one YAML document, but this file holds several (separated by ---).',
      ],
    ]);
  });

  it('points a YAML syntax error at where the problem starts, not where the parser gave up', () => {
    const head = 'toolset: bad\nversion: 1.0.0\ntools:\n  a_b:\n';
    const result = loadManifestSources([
      { file: 'quote.yaml', text: `${head}    title: "unclosed\n    description: x\n` },
      { file: 'flow.yaml', text: `${head}    title: [a, b\n    description: x\n` },
      { file: 'indent.yaml', text: `${head}     title: x\n    description: x\n` },
    ]);
    expect(result.diagnostics.map((d) => [d.file, d.code, d.line, d.column])).toEqual([
      ['flow.yaml', 'MANIFEST_SYNTAX', 5, 12],
      ['indent.yaml', 'MANIFEST_SYNTAX', 6, 5],
      ['quote.yaml', 'MANIFEST_SYNTAX', 5, 12],
    ]);
  });
});

describe('ManifestCache', () => {
  const zoom = { file: 'zoom.yaml', text: '' };

  it('keeps analyses only in the cache a caller passes, and reuses them while the text is unchanged', async () => {
    zoom.text = await readFile(path.join(repo, 'manifests/zoom.yaml'), 'utf8');
    // Without a cache, nothing is kept between loads: each load builds its own IR.
    const fresh = [loadManifestSources([zoom]), loadManifestSources([zoom])];
    expect(fresh[0]?.ir?.toolsets[0]).toBeDefined();
    expect(fresh[0]?.ir?.toolsets[0]).not.toBe(fresh[1]?.ir?.toolsets[0]);
    expect(fresh[0]?.ir).toEqual(fresh[1]?.ir);

    const cache = new ManifestCache();
    const first = loadManifestSources([zoom], { cache }).ir?.toolsets[0];
    const again = loadManifestSources([zoom], { cache }).ir?.toolsets[0];
    expect(cache.size).toBe(1);
    expect(again).toBe(first);
    // Another cache, or none, does not see this one's analyses.
    expect(loadManifestSources([zoom], { cache: new ManifestCache() }).ir?.toolsets[0]).not.toBe(
      first,
    );

    const edited = { file: zoom.file, text: zoom.text.replace(/^version: .*$/m, 'version: 9.9.9') };
    const changed = loadManifestSources([edited], { cache }).ir?.toolsets[0];
    expect(changed).not.toBe(first);
    expect(changed?.version).toBe('9.9.9');
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it('stays within maxFiles, through loadManifests too', async () => {
    const cache = new ManifestCache({ maxFiles: 1 });
    await loadManifests('manifests/zoom.yaml', { cwd: repo, cache });
    await loadManifests('manifests/zoom.yaml', { cwd: repo, cache });
    expect(cache.size).toBe(1);
    await loadManifests(['manifests/zoom.yaml', 'manifests/crm.yaml'], { cwd: repo, cache });
    expect(cache.size).toBe(1);
  });
});
