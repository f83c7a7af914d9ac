import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from './resolve.js';

const ROOT = '/project';

describe('the docs key of the config', () => {
  it('has defaults a team can build with', () => {
    expect(resolveConfig({ scope: '@acme' }, ROOT, resolve).docs).toEqual({
      title: 'acme tools',
      description: undefined,
      base: '/',
      logo: undefined,
      guides: [],
      out: resolve(ROOT, 'dist/docs'),
      toolscopeGuides: false,
    });
  });

  it('resolves paths against the config folder', () => {
    const docs = resolveConfig(
      { docs: { title: 'Acme', logo: 'a/logo.svg', guides: ['g/one.md'], out: 'site' } },
      ROOT,
      resolve,
    ).docs;
    expect(docs).toMatchObject({
      title: 'Acme',
      logo: resolve(ROOT, 'a/logo.svg'),
      guides: [resolve(ROOT, 'g/one.md')],
      out: resolve(ROOT, 'site'),
    });
  });

  it('names the key that is wrong, with its JSON pointer', () => {
    const attempt = (docs: unknown) => () =>
      resolveConfig({ docs } as Parameters<typeof resolveConfig>[0], ROOT, resolve);
    expect(attempt('x')).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', location: { pointer: '/docs' } }),
    );
    expect(attempt({ titel: 'x' })).toThrow(
      expect.objectContaining({
        message: 'unknown key "docs.titel"',
        hint: 'did you mean "docs.title"?',
        location: { pointer: '/docs/titel' },
      }),
    );
    expect(attempt({ colour: 'x' })).toThrow(
      expect.objectContaining({ hint: expect.stringMatching(/^the docs keys are title, /) }),
    );
    expect(attempt({ base: 1 })).toThrow(
      expect.objectContaining({
        message: '"docs.base" must be a string',
        location: { pointer: '/docs/base' },
      }),
    );
    expect(attempt({ toolscopeGuides: 'yes' })).toThrow(
      expect.objectContaining({ location: { pointer: '/docs/toolscopeGuides' } }),
    );
    expect(attempt({ guides: 'intro.md' })).toThrow(
      expect.objectContaining({ location: { pointer: '/docs/guides' } }),
    );
  });
});
