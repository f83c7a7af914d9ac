import { loadManifestSources, type ManifestIR } from '@toolscope/manifest';
import { describe, expect, it } from 'vitest';
import { diffManifests, releasesFromSnapshots, renderToolsetChangelog } from './index.js';

const manifest = (version: string, status: string, extra = '') => `toolset: notes
version: ${version}
title: Notes
tools:
  notes_status:
    description: Service status
    authorization: none
    output:
      type: object
      properties:
        status: { type: string, enum: [${status}] }
      required: [status]
${extra}`;

function load(text: string): ManifestIR {
  return loadManifestSources([{ file: 'notes.yaml', text }]).ir!;
}

describe('renderToolsetChangelog', () => {
  it('renders one section per release, newest first, grouped by level, with manifest text escaped', () => {
    const v1 = load(manifest('1.0.0', 'up, down'));
    const v2 = load(manifest('2.0.0', 'up, down, "<img src=x>", "{{ evil }}"'));
    const v21 = load(
      manifest(
        '2.1.0',
        'up, down, "<img src=x>", "{{ evil }}"',
        '  notes_ping:\n    authorization: none\n',
      ),
    );
    const changes = (a: ManifestIR, b: ManifestIR) => diffManifests(a, b).toolsets[0]!.changes;
    const page = renderToolsetChangelog({
      toolset: 'notes',
      title: 'Notes',
      releases: [
        { version: '2.0.0', date: '2026-11-01', changes: changes(v1, v2) },
        { version: '2.1.0', changes: changes(v2, v21) },
        { version: '1.0.0', changes: [] },
      ],
    });
    const headings = page.split('\n').filter((l) => l.startsWith('#'));
    expect(headings).toEqual([
      '# Notes changelog',
      '## 2.1.0',
      '### New and widened',
      '## 2.0.0 (2026-11-01)',
      '### Breaking changes',
      '## 1.0.0',
    ]);
    expect(page).toContain('notes\\_ping: new tool');
    expect(page).toContain('&lt;img src=x&gt;');
    expect(page).not.toMatch(/<img|\{\{/);
  });

  it('builds the releases from released versions in any order', () => {
    const v1 = load(manifest('1.0.0', 'up, down')).toolsets[0]!;
    const v2 = load(manifest('2.0.0', 'up, down, gone')).toolsets[0]!;
    const v3 = load(manifest('2.1.0', 'up, down, gone', '  notes_ping:\n    authorization: none\n'))
      .toolsets[0]!;
    const releases = releasesFromSnapshots([
      { toolset: v3 },
      { toolset: v1, date: '2026-01-01' },
      { toolset: v2 },
    ]);
    expect(releases.map((r) => [r.version, r.level, r.changes.map((c) => c.rule)])).toEqual([
      ['1.0.0', undefined, []],
      ['2.0.0', 'major', ['output-widened']],
      ['2.1.0', 'minor', ['tool-added']],
    ]);
    expect(releases[0]!.date).toBe('2026-01-01');
  });
});
