// An example generator plugin, built only on the public API of
// @toolscope/codegen: for each toolset, the tools as OpenAI function-calling
// definitions (Chat Completions or Responses API shape), and the map from
// each function name back to the MCP tool it calls.
import {
  definePlugin,
  GENERATED_HEADER,
  type GeneratedFile,
  type ToolsetPlan,
} from '@toolscope/codegen';

/** The request shape the `tools` list is written for. */
export type OpenAiApi = 'chat' | 'responses';

/** The plugin's options (the config entry's `options`). */
export interface OpenAiFunctionsOptions {
  /** `chat` (Chat Completions: `{ type, function: { … } }`, the default) or `responses`. */
  readonly api: OpenAiApi;
  /** Longest description passed on, in characters (default 1024); longer ones end in `…`. */
  readonly maxDescription: number;
}

/** OpenAI's rule for a function name. */
export const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Function names for MCP tool names, in the order given: characters OpenAI
 * refuses (MCP allows `.`) become `_`, names are cut to 64 characters, and a
 * name already taken gets `_2`, `_3`, … (cut to fit). Deterministic for a
 * sorted input.
 */
export function functionNames(tools: readonly string[]): Map<string, string> {
  const taken = new Set<string>();
  const names = new Map<string, string>();
  for (const tool of tools) {
    const base = tool.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64) || 'tool';
    let name = base;
    for (let n = 2; taken.has(name); n++) {
      const suffix = `_${n}`;
      name = `${base.slice(0, 64 - suffix.length)}${suffix}`;
    }
    taken.add(name);
    names.set(tool, name);
  }
  return names;
}

function description(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** The tool's JSON Schema as OpenAI takes it: the wire `inputSchema` without `$schema`. */
function parameters(inputSchema: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = inputSchema;
  return rest;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function resolveOptions(raw: unknown): OpenAiFunctionsOptions {
  if (raw === undefined) return { api: 'chat', maxDescription: 1024 };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new TypeError('the options must be an object like { "api": "chat" }');
  }
  const { api = 'chat', maxDescription = 1024, ...unknown } = raw as Record<string, unknown>;
  const extra = Object.keys(unknown)[0];
  if (extra !== undefined) {
    throw new TypeError(`unknown option "${extra}"; the options are api, maxDescription`);
  }
  if (api !== 'chat' && api !== 'responses') {
    throw new TypeError(`"api" must be "chat" or "responses", got ${JSON.stringify(api)}`);
  }
  if (
    typeof maxDescription !== 'number' ||
    !Number.isInteger(maxDescription) ||
    maxDescription < 1
  ) {
    throw new TypeError('"maxDescription" must be a positive whole number');
  }
  return { api, maxDescription };
}

/** The plugin's files for one toolset. */
export function openAiFiles(
  plan: ToolsetPlan,
  options: OpenAiFunctionsOptions,
  meta: {
    readonly packageName: string;
    readonly license: string | undefined;
    readonly packages: boolean;
  },
): GeneratedFile[] {
  const names = functionNames(plan.tools.map((t) => t.tool.name));
  const tools = plan.tools.map(({ tool }) => {
    const fn = {
      name: names.get(tool.name) ?? tool.name,
      description: description(tool.description ?? tool.title ?? tool.name, options.maxDescription),
      parameters: parameters(tool.inputSchema),
    };
    return options.api === 'chat'
      ? { type: 'function', function: fn }
      : { type: 'function', ...fn };
  });
  const toolNames = Object.fromEntries([...names].map(([tool, fn]) => [fn, tool]));
  const files: GeneratedFile[] = [
    { path: 'openai-tools.json', contents: json(tools) },
    { path: 'tool-names.json', contents: json(toolNames) },
    {
      path: 'README.md',
      contents: `<!-- ${GENERATED_HEADER} -->
# ${meta.packageName}

The ${plan.toolset.name} toolset's tools as OpenAI function-calling definitions
(${options.api === 'chat' ? 'Chat Completions' : 'Responses API'} shape).

- \`openai-tools.json\`: pass as \`tools\` in the request.
- \`tool-names.json\`: the MCP tool each function name calls; send the model's
  arguments to that tool with \`tools/call\` and the user's token.
`,
    },
  ];
  if (meta.packages) {
    files.push({
      path: 'package.json',
      contents: json({
        name: meta.packageName,
        version: plan.toolset.version,
        description: `OpenAI function-calling definitions for the ${plan.toolset.name} toolset (${GENERATED_HEADER}).`,
        ...(meta.license === undefined
          ? { private: true, license: 'UNLICENSED' }
          : { license: meta.license }),
        type: 'module',
        exports: {
          './openai-tools.json': './openai-tools.json',
          './tool-names.json': './tool-names.json',
          './package.json': './package.json',
        },
        files: ['openai-tools.json', 'tool-names.json'],
      }),
    });
  }
  return files;
}

/**
 * The plugin: `"plugins": ["server", "client", "docs",
 * { "use": "@toolscope/plugin-openai-functions", "options": { "api": "chat" } }]`.
 * Its files go into a package of their own, `{toolset}-openai` by default.
 */
export const openAiFunctions = definePlugin<OpenAiFunctionsOptions>({
  name: 'openai-functions',
  package: 'openai',
  resolveOptions,
  emit: (plan, { config, options }) =>
    openAiFiles(plan, options, {
      packageName: plan.packages['openai']?.name ?? `${plan.toolset.name}-openai`,
      license: config.license,
      packages: config.layout === 'packages',
    }),
});

export default openAiFunctions;
