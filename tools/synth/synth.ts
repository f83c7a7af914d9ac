/**
 * Synthetic toolsets for the codegen benchmark: N toolsets × M tools written
 * as toolscope manifests (JSON), and the same operations as one OpenAPI 3.1
 * document so a peer generator can be measured on identical input.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** How big a synthetic set is. */
export interface SynthSize {
  readonly toolsets: number;
  readonly toolsPerToolset: number;
}

const VERBS = ['list', 'get', 'create', 'update', 'archive'] as const;
const NOUNS = [
  'widget',
  'order',
  'invoice',
  'ticket',
  'report',
  'contact',
  'meeting',
  'note',
  'file',
  'event',
];

interface SynthTool {
  readonly name: string;
  readonly operationId: string;
  readonly method: 'oauth2' | 'apiKey' | 'none';
  readonly scopes: readonly string[];
  readonly input: Record<string, unknown>;
  readonly output: Record<string, unknown>;
  readonly description: string;
}

function toolsOf(set: number, count: number, revision: number): SynthTool[] {
  const tools: SynthTool[] = [];
  for (let i = 0; i < count; i++) {
    const verb = VERBS[i % VERBS.length] ?? 'get';
    const noun = NOUNS[Math.floor(i / VERBS.length) % NOUNS.length] ?? 'thing';
    const suffix = `${noun.charAt(0).toUpperCase()}${noun.slice(1)}${i}`;
    const method = i % 10 === 9 ? 'none' : i % 7 === 6 ? 'apiKey' : 'oauth2';
    tools.push({
      name: `s${set}_${verb}${suffix}`,
      operationId: `s${set}${verb}${suffix}`,
      method,
      scopes:
        method === 'oauth2'
          ? [`${noun}:${verb === 'list' || verb === 'get' ? 'read' : 'write'}`]
          : [],
      description: `${verb} ${noun} number ${i} of set ${set} (revision ${set === 0 && i === 0 ? revision : 0}).`,
      input: {
        type: 'object',
        properties: {
          id: { type: 'string', description: `The ${noun} id` },
          limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
          status: { type: 'string', enum: ['open', 'closed', 'archived'] },
          tags: { type: 'array', items: { type: 'string' } },
          filter: {
            type: 'object',
            properties: {
              since: { type: 'string', format: 'date-time' },
              owner: { type: 'string' },
            },
            required: ['since'],
          },
        },
        required: ['id'],
      },
      output: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: { type: 'string' },
                name: { type: 'string' },
                amount: { type: 'number' },
                state: { type: 'string', enum: ['a', 'b', 'c'] },
              },
              required: ['id', 'name'],
            },
          },
          next: { type: ['string', 'null'] },
        },
        required: ['items'],
      },
    });
  }
  return tools;
}

function manifestOf(set: number, tools: readonly SynthTool[]): Record<string, unknown> {
  const scopes = [...new Set(tools.flatMap((t) => t.scopes))].sort();
  return {
    toolset: `synth-${set}`,
    version: '1.0.0',
    title: `Synthetic set ${set}`,
    providers: {
      [`svc${set}`]: {
        type: 'oauth2',
        issuer: `https://id${set}.synth.example`,
        resource: `https://api${set}.synth.example`,
        verifier: { kind: 'opaque' },
        scopes: Object.fromEntries(scopes.map((s) => [s, `Scope ${s}`])),
      },
      [`key${set}`]: {
        type: 'apiKey',
        description: `The key for service ${set}.`,
        resource: `https://keys${set}.synth.example`,
        headerName: 'X-Api-Key',
      },
    },
    tools: Object.fromEntries(
      tools.map((t) => [
        t.name,
        {
          description: t.description,
          authorization:
            t.method === 'none'
              ? 'none'
              : t.method === 'apiKey'
                ? { method: 'apiKey', provider: `key${set}` }
                : { method: 'oauth2', provider: `svc${set}`, requiredScopes: t.scopes },
          input: t.input,
          output: t.output,
        },
      ]),
    ),
  };
}

/**
 * Writes `size.toolsets` manifests into `dir`; `revision` changes exactly one
 * tool's description in set 0, for the one-tool-change measurement.
 */
export async function writeSyntheticManifests(
  dir: string,
  size: SynthSize,
  revision = 0,
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (let set = 0; set < size.toolsets; set++) {
    const file = join(dir, `synth-${set}.json`);
    const manifest = manifestOf(set, toolsOf(set, size.toolsPerToolset, revision));
    await writeFile(file, `${JSON.stringify(manifest, null, 2)}\n`);
    files.push(file);
  }
  return files;
}

/** The same operations as one OpenAPI 3.1 document (one POST per tool). */
export function syntheticOpenApi(size: SynthSize): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  const schemes: Record<string, unknown> = {};
  for (let set = 0; set < size.toolsets; set++) {
    schemes[`svc${set}`] = {
      type: 'oauth2',
      flows: {
        authorizationCode: {
          authorizationUrl: `https://id${set}.synth.example/authorize`,
          tokenUrl: `https://id${set}.synth.example/token`,
          scopes: {},
        },
      },
    };
    schemes[`key${set}`] = { type: 'apiKey', in: 'header', name: 'X-Api-Key' };
    for (const t of toolsOf(set, size.toolsPerToolset, 0)) {
      const security =
        t.method === 'none'
          ? []
          : t.method === 'apiKey'
            ? [{ [`key${set}`]: [] }]
            : [{ [`svc${set}`]: t.scopes }];
      paths[`/s${set}/${t.name}`] = {
        post: {
          operationId: t.operationId,
          description: t.description,
          security,
          requestBody: { required: true, content: { 'application/json': { schema: t.input } } },
          responses: {
            '200': { description: 'OK', content: { 'application/json': { schema: t.output } } },
          },
        },
      };
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'synthetic', version: '1.0.0' },
    paths,
    components: { securitySchemes: schemes },
  };
}
