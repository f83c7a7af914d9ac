/**
 * `toolscope check` for imported manifests, in memory: the manifest package's
 * loader, as the CLI's check command uses it.
 */
import { type Diagnostic, loadManifestSources } from '@toolscope/manifest';
import { isPendingHttpField } from '../src/index.js';

/**
 * The ONE diagnostic tolerated for now: the loader on main does not know the
 * tools' `http` field yet (another change adds it to the manifest format), so
 * it reports `Unknown key "http"` on each tool. Once the loader knows `http`
 * this filter removes nothing and every check below is strict. Remove this
 * function (and its calls) when the `http` field has landed.
 */
export function withoutPendingHttpField(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => !isPendingHttpField(d));
}

/** Whether the loader already knows `http` (then nothing is filtered). */
export function loaderKnowsHttp(): boolean {
  const probe = `toolset: probe
version: 1.0.0
title: Probe
tools:
  probe_get:
    authorization: none
    http: { method: GET, path: /x, baseUrl: "https://api.example.com" }
`;
  const result = loadManifestSources([{ file: 'probe.yaml', text: probe }]);
  return !result.diagnostics.some(isPendingHttpField);
}

/** The diagnostics `toolscope check` prints for one manifest text, less the pending `http` one. */
export function checkManifest(file: string, yaml: string): Diagnostic[] {
  return withoutPendingHttpField(loadManifestSources([{ file, text: yaml }]).diagnostics);
}

/**
 * The manifest text as the loader on main can generate from: without `http`
 * while the loader does not know it, unchanged once it does.
 */
export function generatableManifest(manifest: Record<string, unknown>): Record<string, unknown> {
  if (loaderKnowsHttp()) return manifest;
  const tools = manifest.tools as Record<string, Record<string, unknown>>;
  return {
    ...manifest,
    tools: Object.fromEntries(
      Object.entries(tools).map(([name, { http: _http, ...tool }]) => [name, tool]),
    ),
  };
}
