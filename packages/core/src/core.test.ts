import { describe, expect, it } from 'vitest';
import type { ToolRequirement } from './index.js';
import * as core from './index.js';
import {
  AUTH_ERROR_CODES,
  buildAuthError,
  isLegacyErrorCode,
  missingScopes,
  parseAuthErrorData,
  readCallAuthorization,
  readToolRequirement,
  renderDeclaration,
  scopesFromClaims,
  unionScopes,
} from './index.js';

const zoom: ToolRequirement = {
  method: 'oauth2',
  requiredScopes: ['meeting:read'],
  provider: { id: 'zoom', issuer: 'https://zoom.us', resource: 'https://api.zoom.us' },
};

describe('public exports', () => {
  it('pins the value exports', () => {
    expect(Object.keys(core).sort()).toMatchInlineSnapshot(`
      [
        "AUTHORIZATION_METHODS",
        "AUTH_ERROR_CODES",
        "AUTH_ERROR_FAMILY",
        "AUTH_ERROR_KINDS",
        "AUTH_ERROR_MESSAGES",
        "AUTH_ERROR_REASONS",
        "AuthorizationError",
        "AuthorizationRequiredError",
        "GeneratedCodeError",
        "InsufficientAuthorizationError",
        "LEGACY_ERROR_CODE_RANGE",
        "MAX_TOKEN_LENGTH",
        "META_AUTHORIZATION_ERROR_KEY",
        "META_AUTHORIZATION_KEY",
        "META_SECURITY_SCHEMES_KEY",
        "META_WWW_AUTHENTICATE_KEY",
        "SELF_PROVIDER_ID",
        "ToolscopeError",
        "authErrorDataSchema",
        "authorizationDeclarationSchema",
        "authorizationErrorFromResult",
        "buildAuthError",
        "callAuthorizationSchema",
        "callMeta",
        "environmentVariable",
        "hasAllScopes",
        "invokeTool",
        "invokeToolWithSource",
        "isCanonicalBase64url",
        "isCanonicalCompactJws",
        "isLegacyErrorCode",
        "jsonSchema",
        "looksLikeCompactJws",
        "metaDeclarationSchema",
        "missingScopes",
        "parseAuthErrorData",
        "parseScopeString",
        "publicProviderInfo",
        "readCallAuthorization",
        "readToolRequirement",
        "renderDeclaration",
        "scopesFromClaims",
        "sdkLineOf",
        "securitySchemesSchema",
        "toAuthorizationDeclaration",
        "toAuthorizationError",
        "toErrorDeclaration",
        "toListedTool",
        "toMetaDeclaration",
        "toSecuritySchemes",
        "tokenFormProblem",
        "toolCaller",
        "toolClient",
        "unionScopes",
        "userToolCaller",
        "userToolClient",
      ]
    `);
  });
});

describe('renderDeclaration', () => {
  it('renders oauth2 into all three dialects', () => {
    expect(renderDeclaration(zoom)).toEqual({
      authorization: { method: 'oauth2', requiredScopes: ['meeting:read'] },
      securitySchemes: [{ type: 'oauth2', scopes: ['meeting:read'] }],
      _meta: {
        'io.toolscope/authorization': {
          method: 'oauth2',
          requiredScopes: ['meeting:read'],
          provider: { id: 'zoom', issuer: 'https://zoom.us', resource: 'https://api.zoom.us' },
        },
        securitySchemes: [{ type: 'oauth2', scopes: ['meeting:read'] }],
      },
    });
  });
  it('renders none as noauth', () => {
    expect(renderDeclaration({ method: 'none' }).securitySchemes).toEqual([{ type: 'noauth' }]);
  });
  it('round-trips through readToolRequirement, preferring _meta', () => {
    const fields = renderDeclaration(zoom);
    expect(readToolRequirement({ name: 't', ...fields })).toEqual(
      fields._meta['io.toolscope/authorization'],
    );
    expect(readToolRequirement({ authorization: fields.authorization })).toEqual({
      method: 'oauth2',
      requiredScopes: ['meeting:read'],
      provider: { id: 'unknown' },
    });
    expect(readToolRequirement({ securitySchemes: [{ type: 'noauth' }] })).toEqual({
      method: 'none',
    });
    expect(readToolRequirement({ name: 'bare' })).toBeUndefined();
  });
});

describe('scopes', () => {
  it('matches exactly and case-sensitively', () => {
    expect(missingScopes(['files:readwrite'], ['files:read'])).toEqual(['files:readwrite']);
    expect(missingScopes(['Files:read'], ['files:read'])).toEqual(['Files:read']);
    expect(missingScopes(['a', 'b'], ['b', 'a', 'c'])).toEqual([]);
  });
  it('reads scope and scp claims', () => {
    expect(scopesFromClaims({ scope: 'a  b' })).toEqual(['a', 'b']);
    expect(scopesFromClaims({ scp: ['a', 1, 'b'] })).toEqual(['a', 'b']);
    expect(scopesFromClaims({})).toEqual([]);
  });
  it('unions in order without duplicates', () => {
    expect(unionScopes(['a', 'b'], ['b', 'c'])).toEqual(['a', 'b', 'c']);
  });
});

describe('errors', () => {
  it('builds -32001 and -32003 with the exact data shape', () => {
    const missing = buildAuthError('zoom_list', zoom, 'missing_token', 'No token');
    expect(missing).toEqual({
      code: -32001,
      message: 'Authorization required.',
      data: {
        tool: 'zoom_list',
        error: 'missing_token',
        reason: 'No token',
        authorization: {
          method: 'oauth2',
          requiredScopes: ['meeting:read'],
          provider: { id: 'zoom' },
        },
      },
    });
    const scope = buildAuthError('zoom_list', zoom, 'insufficient_scope', 'Missing scope');
    expect(scope.code).toBe(AUTH_ERROR_CODES.TOKEN_INVALID_OR_INSUFFICIENT);
    expect(parseAuthErrorData(scope.data)).toEqual(scope.data);
  });
  it('honours custom codes', () => {
    const e = buildAuthError('t', zoom, 'invalid_token', 'Expired', {
      AUTHORIZATION_REQUIRED: -31001,
      TOKEN_INVALID_OR_INSUFFICIENT: -31003,
    });
    expect(e.code).toBe(-31003);
    expect(isLegacyErrorCode(-32001)).toBe(true);
    expect(isLegacyErrorCode(-31001)).toBe(false);
  });
  it('does not mistake a bare -32001 timeout for an authorization error', () => {
    expect(parseAuthErrorData({ timeout: 60000 })).toBeUndefined();
    expect(parseAuthErrorData(undefined)).toBeUndefined();
  });
});

describe('readCallAuthorization', () => {
  it('classifies absent, malformed and present', () => {
    expect(readCallAuthorization(undefined)).toEqual({ kind: 'absent' });
    expect(readCallAuthorization({ authorization: { method: 'oauth2' } })).toEqual({
      kind: 'absent',
    });
    expect(readCallAuthorization({ authorization: { method: 'oauth2', token: 't' } })).toEqual({
      kind: 'present',
      method: 'oauth2',
      token: 't',
    });
  });
});

describe('readCallAuthorization edge cases', () => {
  it('decides absent from the token first: no token string, or an empty one, is absent (-32001)', () => {
    for (const authorization of [{}, 'x', ['x'], 5, { method: 'oauth2', token: 5 }]) {
      expect(readCallAuthorization({ authorization })).toEqual({ kind: 'absent' });
    }
    expect(readCallAuthorization({ authorization: { method: 'apiKey', token: '' } })).toEqual({
      kind: 'absent',
    });
  });
  it('classes a token without a string method as malformed (method_mismatch, -32003)', () => {
    expect(readCallAuthorization({ authorization: { token: 't' } })).toEqual({ kind: 'malformed' });
    expect(readCallAuthorization({ authorization: { method: 1, token: 't' } })).toEqual({
      kind: 'malformed',
    });
  });
});

describe('the runtime entry', () => {
  it('pins its value exports, and its declarations never import zod', async () => {
    const runtime = await import('./runtime.js');
    expect(Object.keys(runtime).sort()).toEqual([
      'AuthorizationError',
      'AuthorizationRequiredError',
      'GeneratedCodeError',
      'InsufficientAuthorizationError',
      'ToolscopeError',
      'authorizationErrorFromResult',
      'environmentVariable',
      'invokeTool',
      'invokeToolWithSource',
      'jsonSchema',
      'toAuthorizationError',
      'toolCaller',
      'toolClient',
      'userToolCaller',
      'userToolClient',
    ]);
    const { readFileSync } = await import('node:fs');
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(new URL(`../dist/${file}`, import.meta.url), 'utf8');
      expect(text, `${file} must not import zod`).not.toMatch(/from 'zod'/);
      for (const m of text.matchAll(/from '\.\/([^']+)\.js'/g)) visit(`${m[1]}.d.ts`);
    };
    visit('runtime.d.ts');
    expect(seen.size).toBeGreaterThan(3);
  });
});
