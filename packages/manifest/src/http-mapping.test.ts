import { describe, expect, it } from 'vitest';
import { loadManifestSources } from './index.js';

/** A manifest with one tool `t_get` whose `http` (YAML flow lines, indented 4) and auth vary. */
function manifest(http: string, auth = '{ method: apiKey, provider: orders }'): string {
  return `toolset: t
version: 1.0.0
title: T
providers:
  orders:
    type: apiKey
    description: key
    resource: https://orders.example.com/api/v1
    headerName: X-Api-Key
tools:
  t_get:
    authorization: ${auth}
    input:
      type: object
      properties:
        orderId: { type: string }
        expand: { type: boolean }
        tag: { type: string }
        lines: { type: array, items: { type: string } }
      required: [orderId]
    http:
${http}
`;
}

function load(text: string) {
  return loadManifestSources([{ file: 'm.yaml', text }]);
}

function errors(text: string) {
  return load(text).diagnostics.map((d) => ({
    severity: d.severity,
    code: d.code,
    line: d.line,
    column: d.column,
    pointer: d.pointer,
    message: d.message,
    hint: d.hint,
  }));
}

describe('the http mapping of a manifest tool', () => {
  it('becomes a typed IR with the defaults filled in', () => {
    const result = load(
      manifest(`      method: GET
      path: /orders/{orderId}
      query: { expand: expand, line: lines }
      headers: { X-Request-Tag: tag }
      response: { pointer: /order }`),
    );
    expect(result.diagnostics).toEqual([]);
    const tool = result.ir?.toolsets[0]?.tools[0];
    expect(tool?.http).toEqual({
      method: 'GET',
      path: '/orders/{orderId}',
      query: { expand: 'expand', line: 'lines' },
      headers: { 'X-Request-Tag': 'tag' },
      response: { pointer: '/order', toolErrors: ['4XX', '5XX'] },
      timeoutMs: 10000,
      maxResponseBytes: 1048576,
    });
  });

  it('reports a placeholder that names no input property, where it is, with a guess', () => {
    const found = errors(
      manifest(`      method: POST\n      path: /orders/{orderid}\n      body: rest`),
    );
    expect(found).toEqual([
      {
        severity: 'error',
        code: 'HTTP_PLACEHOLDER_UNKNOWN',
        line: 23,
        column: 13,
        pointer: '/tools/t_get/http/path',
        message: 'The placeholder {orderid} in the path of t_get names no input property.',
        hint: 'Did you mean "orderId"?',
      },
    ]);
  });

  it('reports a path parameter that is not required', () => {
    const [found] = errors(
      manifest(`      method: POST\n      path: /tags/{tag}\n      body: rest`),
    );
    expect(found).toMatchObject({
      code: 'HTTP_PATH_PARAM_OPTIONAL',
      pointer: '/tools/t_get/http/path',
      line: 23,
    });
    expect(found?.hint).toContain('input.required');
  });

  it('reports unbalanced braces in the path', () => {
    const [found] = errors(
      manifest(`      method: POST\n      path: /orders/{orderId\n      body: rest`),
    );
    expect(found?.code).toBe('HTTP_PATH_INVALID');
  });

  it('reports a query parameter or header naming no property', () => {
    const found = errors(
      manifest(
        `      method: POST\n      path: /orders\n      query: { x: expnd }\n      headers: { X-Tag: nope }\n      body: rest`,
      ),
    );
    expect(found.map((d) => [d.code, d.pointer, d.line, d.column])).toEqual([
      ['HTTP_PROPERTY_UNKNOWN', '/tools/t_get/http/query/x', 24, 19],
      ['HTTP_PROPERTY_UNKNOWN', '/tools/t_get/http/headers/X-Tag', 25, 25],
    ]);
    expect(found[0]?.hint).toBe('Did you mean "expand"?');
  });

  it('reports a property used twice', () => {
    const [found] = errors(
      manifest(
        `      method: POST\n      path: /orders/{orderId}\n      query: { id: orderId }\n      body: rest`,
      ),
    );
    expect(found).toMatchObject({
      code: 'HTTP_PROPERTY_REUSED',
      pointer: '/tools/t_get/http/query/id',
      message:
        'The input property "orderId" of t_get is already used by the path placeholder {orderId}.',
    });
  });

  it('forbids credential headers and the provider key header, case-insensitively', () => {
    const found = errors(
      manifest(
        `      method: POST\n      path: /orders\n      headers: { authorization: tag, Cookie: expand, x-api-key: orderId }\n      body: rest`,
      ),
    );
    expect(found.map((d) => [d.code, d.pointer])).toEqual([
      ['HTTP_HEADER_FORBIDDEN', '/tools/t_get/http/headers/authorization'],
      ['HTTP_HEADER_FORBIDDEN', '/tools/t_get/http/headers/Cookie'],
      ['HTTP_HEADER_FORBIDDEN', '/tools/t_get/http/headers/x-api-key'],
    ]);
    expect(found[2]?.message).toContain("carries the provider's API key");
  });

  it('forbids a body on GET and DELETE', () => {
    for (const method of ['GET', 'DELETE']) {
      const [found] = errors(
        manifest(`      method: ${method}\n      path: /orders\n      body: rest`),
      );
      expect(found).toMatchObject({
        code: 'HTTP_BODY_NOT_ALLOWED',
        pointer: '/tools/t_get/http/body',
        line: 24,
        column: 7,
      });
    }
  });

  it('reports a body property that does not exist', () => {
    const [found] = errors(
      manifest(`      method: PUT\n      path: /orders\n      body: { property: line }`),
    );
    expect(found).toMatchObject({
      code: 'HTTP_PROPERTY_UNKNOWN',
      pointer: '/tools/t_get/http/body/property',
      hint: 'Did you mean "lines"?',
    });
  });

  it('refuses baseUrl on a tool with a provider, and requires it on a none tool', () => {
    const [withProvider] = errors(
      manifest(
        `      method: POST\n      path: /orders\n      body: rest\n      baseUrl: https://elsewhere.example.com`,
      ),
    );
    expect(withProvider).toMatchObject({
      code: 'HTTP_BASE_URL_WITH_PROVIDER',
      pointer: '/tools/t_get/http/baseUrl',
    });
    const noneErrors = load(
      manifest(`      method: POST\n      path: /orders\n      body: rest`, 'none'),
    ).diagnostics.filter((d) => d.severity === 'error');
    expect(noneErrors.map((d) => d.code)).toEqual(['HTTP_BASE_URL_MISSING']);
    const ok = load(
      manifest(
        `      method: POST\n      path: /orders\n      body: rest\n      baseUrl: https://api.example.com/v1`,
        'none',
      ),
    );
    expect(ok.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(ok.ir?.toolsets[0]?.tools[0]?.http?.baseUrl).toBe('https://api.example.com/v1');
  });

  it('warns about an input property the request never carries', () => {
    const found = errors(manifest(`      method: GET\n      path: /orders/{orderId}`));
    expect(found.map((d) => [d.severity, d.code])).toEqual([
      ['warning', 'HTTP_PROPERTY_UNMAPPED'],
      ['warning', 'HTTP_PROPERTY_UNMAPPED'],
      ['warning', 'HTTP_PROPERTY_UNMAPPED'],
    ]);
  });

  it('checks the shape: method, path, pointer, statuses, header names', () => {
    const found = errors(
      manifest(
        `      method: FETCH\n      path: orders?x=1\n      headers: { "bad header": tag }\n      response: { pointer: order, toolErrors: ["4xx", 600] }\n      timeoutMs: 0`,
      ),
    );
    expect(found.map((d) => [d.code, d.pointer])).toEqual(
      expect.arrayContaining([
        ['MANIFEST_INVALID_VALUE', '/tools/t_get/http/method'],
        ['MANIFEST_INVALID_VALUE', '/tools/t_get/http/path'],
        ['MANIFEST_INVALID_VALUE', '/tools/t_get/http/headers/bad header'],
        ['MANIFEST_INVALID_VALUE', '/tools/t_get/http/response/pointer'],
        ['MANIFEST_INVALID_VALUE', '/tools/t_get/http/response/toolErrors/0'],
        ['MANIFEST_INVALID_TYPE', '/tools/t_get/http/response/toolErrors/1'],
        ['MANIFEST_INVALID_VALUE', '/tools/t_get/http/timeoutMs'],
      ]),
    );
    const byPointer = new Map(found.map((d) => [d.pointer, d.message]));
    expect(byPointer.get('/tools/t_get/http/path')).toContain('starts with "/"');
    expect(byPointer.get('/tools/t_get/http/response/pointer')).toContain('RFC 6901');
    expect(byPointer.get('/tools/t_get/http/headers/bad header')).toContain(
      'not an HTTP header name',
    );
  });
});
