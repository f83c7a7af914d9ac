import { BUILD_TOOLS, PEER_RANGES } from '../dependency-ranges.js';
import type { GeneratedFile, PackageKind, ResolvedConfig, ToolsetPlan } from '../types.js';
import { GENERATED_HEADER } from '../version.js';
import { formatJson } from './literal.js';

// The SDK package a generated server peers on, by the config's `sdk` line.
const SDK_PACKAGE = {
  v2: '@modelcontextprotocol/server',
  v1: '@modelcontextprotocol/sdk',
} as const;

// package.json keeps JSON.stringify's layout (the formatter writes package.json
// as npm does); the other JSON files take the formatter's layout.
const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

const DESCRIPTIONS: Readonly<Record<PackageKind, string>> = {
  server: 'Typed MCP server stubs',
  client: 'Typed MCP client helpers',
  docs: 'Spec docs, tools/list payload and JSON Schemas',
};

// Generated packages carry their own compiler options so they build the same
// outside this repository.
const COMPILER_OPTIONS = {
  target: 'ES2022',
  lib: ['ES2023', 'DOM'],
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  skipLibCheck: true,
  types: [],
};

function packageJson(plan: ToolsetPlan, kind: PackageKind, config: ResolvedConfig): string {
  const { toolset } = plan;
  const base = {
    name: plan.packages[kind].name,
    version: toolset.version,
    description: `${DESCRIPTIONS[kind]} for the ${toolset.name} toolset (${GENERATED_HEADER}).`,
    // Without a license in the config nobody meant to publish it: npm refuses a private package.
    ...(config.license === undefined
      ? { private: true, license: 'UNLICENSED' }
      : { license: config.license }),
    type: 'module',
  };
  if (kind === 'docs') {
    return json({
      ...base,
      exports: {
        './tools.json': './tools.json',
        './llms.txt': './llms.txt',
        './schemas/*': './schemas/*',
        './docs/*': './docs/*',
        './package.json': './package.json',
      },
      files: ['docs', 'schemas', 'tools.json', 'llms.txt'],
    });
  }
  const runtime =
    kind === 'server'
      ? { '@toolscope/core': config.runtimeVersion, '@toolscope/server': config.runtimeVersion }
      : { '@toolscope/core': config.runtimeVersion };
  // The runtime packages peer on zod (and the server on the SDK): so does this package,
  // and it builds against the versions the runtime is tested with.
  const sdk = SDK_PACKAGE[config.sdk];
  const peers =
    kind === 'server'
      ? { [sdk]: PEER_RANGES[sdk].range, zod: PEER_RANGES.zod.range }
      : { zod: PEER_RANGES.zod.range };
  const devPeers =
    kind === 'server'
      ? { [sdk]: PEER_RANGES[sdk].dev, zod: PEER_RANGES.zod.dev }
      : { zod: PEER_RANGES.zod.dev };
  return json({
    ...base,
    exports: {
      // `default` lets CommonJS code require() the ES module on Node ≥ 20.19.
      '.': { types: './dist/index.d.ts', import: './dist/index.js', default: './dist/index.js' },
      './package.json': './package.json',
    },
    main: './dist/index.js',
    types: './dist/index.d.ts',
    files: ['dist'],
    sideEffects: false,
    scripts: { build: 'tsc -p tsconfig.build.json', typecheck: 'tsc -p tsconfig.json --noEmit' },
    dependencies: runtime,
    peerDependencies: peers,
    devDependencies: { ...devPeers, ...BUILD_TOOLS },
  });
}

function readme(plan: ToolsetPlan, kind: PackageKind, config: ResolvedConfig): string {
  const { toolset, pascal } = plan;
  // A folder is imported by path, a package by name.
  const name =
    config.layout === 'folders'
      ? `./${plan.packages[kind].dir}/src/index.js`
      : plan.packages[kind].name;
  const usage: Record<PackageKind, string> = {
    server: [
      '```ts',
      `import { register${pascal}Tools, type ${pascal}Handlers } from '${name}';`,
      '',
      `const handlers: ${pascal}Handlers = { /* one handler per tool */ };`,
      `register${pascal}Tools(server, handlers, { /* RegisterToolsOptions */ });`,
      '```',
      '',
      'A missing or an extra handler does not compile. Secrets are not in this package:',
      'an introspection client secret is read at registration from the environment',
      'variable the manifest names (`clientSecretEnv`), unless `options.providers`',
      'supplies that provider.',
    ].join('\n'),
    client: [
      '```ts',
      `import { create${pascal}Client, create${pascal}UserClient, toolRequirements } from '${name}';`,
      '',
      `const api = create${pascal}Client(client); // an SDK Client`,
      '// oauth2 and apiKey tools require { token }, none tools refuse it.',
      '```',
      '',
      'Authorization errors arrive as `AuthorizationRequiredError` and',
      '`InsufficientAuthorizationError` (re-exported here).',
    ].join('\n'),
    docs: "Markdown pages in `docs/`, the exact tools/list payload in `tools.json`, each tool's JSON Schemas in `schemas/`, and `llms.txt`.",
  };
  const needs: Record<PackageKind, string> = {
    server: `@toolscope/core, @toolscope/server, ${SDK_PACKAGE[config.sdk]} and zod`,
    client: '@toolscope/core and zod',
    docs: 'nothing',
  };
  const folder =
    config.layout === 'folders' && kind !== 'docs'
      ? `\n\nA plain source folder (the \`folders\` layout): your project compiles it with its own sources and depends on ${needs[kind]} itself. Import it by path, relative to the generator's output folder.\n`
      : '\n';
  return `<!-- ${GENERATED_HEADER} -->\n\n# ${name}\n\n${DESCRIPTIONS[kind]} for the \`${toolset.name}\` toolset, version ${toolset.version}.\n\n${usage[kind]}${folder}`;
}

/**
 * package.json, tsconfigs and README of one generated package; in the
 * `folders` layout only the README, as the team's own build compiles the sources.
 */
export function packageFiles(
  plan: ToolsetPlan,
  kind: PackageKind,
  config: ResolvedConfig,
): GeneratedFile[] {
  if (config.layout === 'folders') {
    return [{ path: 'README.md', contents: readme(plan, kind, config) }];
  }
  const files: GeneratedFile[] = [
    { path: 'package.json', contents: packageJson(plan, kind, config) },
    { path: 'README.md', contents: readme(plan, kind, config) },
  ];
  if (kind !== 'docs') {
    files.push(
      {
        path: 'tsconfig.json',
        contents: formatJson({
          compilerOptions: { ...COMPILER_OPTIONS, noEmit: true },
          include: ['src'],
        }),
      },
      {
        path: 'tsconfig.build.json',
        contents: formatJson({
          extends: './tsconfig.json',
          // Only the build writes declarations: with `declaration` on,
          // TypeScript 7 runs the declaration transform even for a --noEmit
          // check (about a quarter of it at 1,000 tools), so `typecheck` and
          // the editor go without it.
          compilerOptions: { noEmit: false, declaration: true, rootDir: 'src', outDir: 'dist' },
          include: ['src'],
        }),
      },
    );
  }
  return files;
}
