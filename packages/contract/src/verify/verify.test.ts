import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DemoHttpHandle } from '@toolscope/demo-server';
import {
  type Diagnostic,
  loadManifestSources,
  loadManifests,
  type ManifestIR,
} from '@toolscope/manifest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONFIG, startDemo } from '../../test/demo.js';
import { verifyServer } from '../index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../../..');
const manifests = path.join(repo, 'manifests');

let demo: DemoHttpHandle;
let shipped: ManifestIR;

/** The shipped manifests with zoom.yaml's text replaced (a manifest changed after generation). */
async function withZoom(edit: (text: string) => string): Promise<{ ir: ManifestIR; text: string }> {
  const files = ['crm.yaml', 'orders.yaml', 'workspace.yaml', 'zoom.yaml'];
  const sources = await Promise.all(
    files.map(async (file) => ({
      file: `manifests/${file}`,
      text: await readFile(path.join(manifests, file), 'utf8'),
    })),
  );
  const zoom = sources.find((s) => s.file.endsWith('zoom.yaml'))!;
  const text = edit(zoom.text);
  expect(text).not.toBe(zoom.text);
  const result = loadManifestSources(sources.map((s) => (s === zoom ? { ...s, text } : s)));
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { ir: result.ir!, text };
}

const lineOf = (text: string, needle: string) =>
  text.split('\n').findIndex((line) => line.includes(needle)) + 1;
const codes = (diagnostics: readonly Diagnostic[]) =>
  [...new Set(diagnostics.map((d) => d.code))].sort();

beforeAll(async () => {
  demo = await startDemo();
  shipped = (await loadManifests(manifests)).ir!;
});
afterAll(async () => {
  await demo.close();
});

describe('verify against the demo server (generated stubs, Streamable HTTP)', () => {
  it('passes with the manifests it was generated from, and every token tool refuses a token-less call', async () => {
    const report = await verifyServer(shipped, { url: demo.mcpUrl }, { callWithoutToken: true });
    expect(report.diagnostics).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.listed).toBe(report.declared);
    const tokenTools = shipped.toolsets
      .flatMap((t) => t.tools)
      .filter((t) => t.authorization.method !== 'none');
    expect(report.refusalsChecked).toBe(tokenTools.length);
  });

  it('fails on a manifest changed after generation, naming the tool, the field and the line', async () => {
    const { ir, text } = await withZoom((zoom) =>
      zoom
        .replace(
          /(zoom_getMeeting:[\s\S]*?meetingId: \{ type: string), (description: The Zoom meeting ID \})/,
          '$1, maxLength: 64, $2',
        )
        .replace(
          'requiredScopes: [meeting:write:meeting]',
          'requiredScopes: [meeting:write:meeting, meeting:read:meeting]',
        ),
    );
    const report = await verifyServer(ir, { url: demo.mcpUrl });
    expect(report.ok).toBe(false);
    const schema = report.diagnostics.find((d) => d.code === 'VERIFY_SCHEMA_MISMATCH')!;
    expect(schema.message).toBe(
      'zoom_getMeeting input.meetingId maxLength: the manifest says 64, the server lists nothing.',
    );
    expect(schema.file).toBe('manifests/zoom.yaml');
    expect(schema.line).toBe(lineOf(text, 'maxLength: 64'));
    expect(schema.pointer).toBe('/tools/zoom_getMeeting/input/properties/meetingId');
    const auth = report.diagnostics.filter((d) => d.message.startsWith('zoom_createMeeting'));
    expect(codes(auth)).toEqual([
      'VERIFY_AUTHORIZATION_MISMATCH',
      'VERIFY_META_MISMATCH',
      'VERIFY_SECURITY_SCHEMES_MISMATCH',
    ]);
    expect(auth[0]!.line).toBe(lineOf(text, 'zoom_createMeeting:'));
    expect(auth.map((d) => d.message)).toContain(
      'zoom_createMeeting authorization requiredScopes: the manifest says ["meeting:write:meeting","meeting:read:meeting"], the server lists ["meeting:write:meeting"].',
    );
  });

  it('reports tools the server lists that the manifests do not declare, and the reverse', async () => {
    const { ir } = await withZoom((zoom) =>
      zoom.replace('tools:\n', 'tools:\n  zoom_deleteRecording:\n    authorization: none\n'),
    );
    const zoomOnly = { toolsets: ir.toolsets.filter((t) => t.name === 'zoom') };
    const report = await verifyServer(zoomOnly, { url: demo.mcpUrl });
    const missing = report.diagnostics.filter((d) => d.code === 'VERIFY_TOOL_MISSING');
    expect(missing.map((d) => d.message)).toEqual([
      'The server does not list the tool "zoom_deleteRecording".',
    ]);
    const extra = report.diagnostics.filter((d) => d.code === 'VERIFY_TOOL_EXTRA');
    const otherTools = shipped.toolsets.filter((t) => t.name !== 'zoom').flatMap((t) => t.tools);
    expect(extra).toHaveLength(otherTools.length);
  });
});

describe('verify over stdio', () => {
  it('passes against the demo server started as a child process', async () => {
    const report = await verifyServer(
      shipped,
      {
        command: process.execPath,
        args: [path.join(repo, 'apps/demo-server/dist/main.js'), '--stdio'],
        env: { PATH: process.env.PATH ?? '', TOOLSCOPE_DEMO_SERVER: JSON.stringify(DEMO_CONFIG) },
      },
      { callWithoutToken: true },
    );
    expect(report.diagnostics).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('fails against a server that serves a different schema, declares nothing and runs token-less calls', async () => {
    const zoomOnly = { toolsets: shipped.toolsets.filter((t) => t.name === 'zoom') };
    const report = await verifyServer(
      zoomOnly,
      { command: process.execPath, args: [path.join(here, '../../test/fixtures/lax-server.mjs')] },
      { callWithoutToken: true },
    );
    expect(report.ok).toBe(false);
    const about = (tool: string) => report.diagnostics.filter((d) => d.message.includes(tool));
    expect(codes(about('zoom_getMeeting'))).toEqual([
      'VERIFY_ANNOTATIONS_MISMATCH',
      'VERIFY_AUTHORIZATION_MISMATCH',
      'VERIFY_META_MISMATCH',
      'VERIFY_REFUSAL_MISSING',
      'VERIFY_SCHEMA_MISMATCH',
      'VERIFY_SECURITY_SCHEMES_MISMATCH',
    ]);
    const refusal = about('zoom_getMeeting').find((d) => d.code === 'VERIFY_REFUSAL_MISSING')!;
    expect(refusal.message).toContain('the server ran the tool and answered a normal result');
    expect(about('zoom_debugDump').map((d) => d.code)).toEqual(['VERIFY_TOOL_EXTRA']);
    expect(about('"zoom_listMeetings"').map((d) => d.code)).toEqual(['VERIFY_TOOL_MISSING']);
  });

  it('says clearly when the server cannot be reached', async () => {
    await expect(
      verifyServer(shipped, { url: 'http://127.0.0.1:9/mcp?token=secret-canary' }),
    ).rejects.toThrow(/^Cannot connect to http:\/\/127\.0\.0\.1:9\/mcp\.$/);
  });
});
