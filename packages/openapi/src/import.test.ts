import { describe, expect, it } from 'vitest';
import { checkManifest } from '../test/check.js';
import { importOpenApi } from './index.js';

type Json = Record<string, unknown>;

const SHOP_30 = `openapi: 3.0.3
info:
  title: Shop API
  version: "2.1"
  description: Orders and products.
servers:
  - url: https://{region}.shop.example.com/api/v1/
    variables:
      region: { default: eu }
  - url: https://sandbox.shop.example.com/api/v1
security:
  - shopAuth: [orders:read]
components:
  securitySchemes:
    shopAuth:
      type: oauth2
      flows:
        authorizationCode:
          authorizationUrl: https://auth.shop.example.com/authorize
          tokenUrl: https://auth.shop.example.com/token
          scopes:
            orders:read: Read orders
            orders:write: Create and cancel orders
    partnerKey:
      type: apiKey
      in: header
      name: X-Partner-Key
    queryKey:
      type: apiKey
      in: query
      name: api_key
  parameters:
    OrderId:
      name: order-id
      in: path
      required: true
      schema: { type: string, pattern: "^[A-Z0-9]+$" }
  schemas:
    Money:
      type: object
      properties:
        amount: { type: integer, minimum: 0, exclusiveMinimum: true }
        currency: { type: string, enum: [EUR, USD, null], nullable: true }
      required: [amount]
    Order:
      allOf:
        - $ref: "#/components/schemas/Base"
        - type: object
          properties:
            total: { $ref: "#/components/schemas/Money" }
            note: { type: string, nullable: true, example: "leave at the door" }
            tags: { type: array }
          required: [total, missing]
    Base:
      type: object
      properties:
        id: { type: string, readOnly: true }
    Category:
      type: object
      properties:
        name: { type: string }
        children: { type: array, items: { $ref: "#/components/schemas/Category" } }
    Remote:
      $ref: "other.yaml#/components/schemas/Thing"
paths:
  /orders/{order-id}:
    parameters:
      - $ref: "#/components/parameters/OrderId"
    get:
      operationId: getOrder
      summary: Get one order
      parameters:
        - { name: expand, in: query, schema: { type: array, items: { type: string } } }
        - { name: X-Request-Tag, in: header, schema: { type: string } }
        - { name: session, in: cookie, schema: { type: string } }
        - { name: api_key, in: query, schema: { type: string } }
      responses:
        "200":
          description: The order
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Order" }
    delete:
      operationId: cancel order!
      security:
        - shopAuth: [orders:write, orders:read]
      responses:
        "204": { description: Cancelled }
  /orders:
    post:
      operationId: createOrder
      security:
        - partnerKey: []
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                total: { $ref: "#/components/schemas/Money" }
                lines: { type: array, items: { type: string } }
              required: [total]
      responses:
        "201":
          description: Created
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Order" }
    get:
      security: []
      responses:
        "200":
          description: A list
          content:
            application/json:
              schema: { type: array, items: { $ref: "#/components/schemas/Order" } }
    head:
      responses:
        "200": { description: ok }
  /categories:
    put:
      operationId: createOrder
      security:
        - queryKey: []
        - partnerKey: []
      requestBody:
        content:
          application/json:
            schema: { type: array, items: { $ref: "#/components/schemas/Category" } }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Remote" }
`;

const NOTES_31 = `{
  "openapi": "3.1.0",
  "info": { "title": "Notes", "version": "1.0.0" },
  "servers": [{ "url": "/v2" }],
  "components": {
    "securitySchemes": {
      "oidc": { "type": "openIdConnect", "openIdConnectUrl": "https://id.example.com/.well-known/openid-configuration" },
      "token": { "type": "http", "scheme": "bearer" }
    },
    "schemas": {
      "Note": {
        "type": "object",
        "properties": {
          "title": { "type": ["string", "null"], "examples": ["Groceries"] },
          "kind": { "const": "note" },
          "score": { "type": "number", "exclusiveMaximum": 10 },
          "meta": {}
        },
        "required": ["title"]
      },
      "A": { "$ref": "#/components/schemas/B" },
      "B": { "anyOf": [{ "$ref": "#/components/schemas/A" }, { "type": "string" }] }
    }
  },
  "paths": {
    "/notes/{id}": {
      "patch": {
        "operationId": "notes.update",
        "security": [{ "oidc": ["notes.write", "openid"] }, { "token": [] }],
        "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } }],
        "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Note" } } } },
        "responses": { "200": { "description": "ok", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Note" } } } } }
      }
    },
    "/loops": {
      "get": {
        "security": [{ "token": [] }],
        "responses": { "200": { "description": "ok", "content": { "application/json": { "schema": { "type": "object", "properties": { "a": { "$ref": "#/components/schemas/A" } } } } } } }
      }
    }
  }
}
`;

function imported(text: string, file: string) {
  const result = importOpenApi(text, { file });
  expect(result.yaml).toBeDefined();
  return {
    ...result,
    manifest: result.manifest as Json,
    tools: result.manifest?.tools as Record<string, Json>,
  };
}

const codes = (diagnostics: ReadonlyArray<{ code: string }>) => diagnostics.map((d) => d.code);

describe('OpenAPI 3.0 (YAML)', () => {
  const result = imported(SHOP_30, 'shop.yaml');

  it('passes toolscope check (the pending http field aside)', () => {
    expect(checkManifest('shop.yaml', result.yaml as string)).toEqual([]);
    expect(codes(result.diagnostics)).not.toContain('OPENAPI_MANIFEST_CHECK');
  });

  it('names the toolset, coerces the version and writes the schema line', () => {
    expect(result.manifest.toolset).toBe('shop-api');
    expect(result.manifest.version).toBe('2.1.0');
    expect(result.yaml?.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=/);
  });

  it('one tool per mapped operation, names valid and unique, HEAD reported', () => {
    expect(Object.keys(result.tools).sort()).toEqual(
      ['cancel_order', 'createOrder', 'createOrder_2', 'getOrder', 'get_orders'].sort(),
    );
    expect(result.stats.operations).toBe(6);
    const head = result.diagnostics.find((d) => d.code === 'OPENAPI_OPERATION_SKIPPED');
    expect(head?.pointer).toBe('/paths/~1orders/head');
    // Positioned in the YAML text: the `head:` key.
    expect(SHOP_30.split('\n')[(head?.line ?? 0) - 1]?.trim()).toBe('head:');
    expect(head?.column).toBe(5);
  });

  it('maps the path, query and header parameters; cookies and credentials are reported', () => {
    const tool = result.tools.getOrder as Json;
    expect(tool.http).toEqual({
      method: 'GET',
      path: '/orders/{orderId}',
      query: { expand: 'expand' },
      headers: { 'X-Request-Tag': 'xRequestTag' },
    });
    const input = tool.input as Json;
    expect(input.required).toEqual(['orderId']);
    expect(Object.keys(input.properties as Json).sort()).toEqual([
      'expand',
      'orderId',
      'xRequestTag',
    ]);
    expect((input.properties as Json).orderId).toEqual({ type: 'string', pattern: '^[A-Z0-9]+$' });
    const skipped = result.diagnostics.filter((d) => d.code === 'OPENAPI_PARAMETER_SKIPPED');
    expect(skipped.map((d) => d.message).join('\n')).toMatch(/cookie parameter "session"/);
    expect(skipped.map((d) => d.message).join('\n')).toMatch(/"api_key" carries a credential/);
  });

  it('inherits the global security, keeps per-operation scopes, security: [] is none', () => {
    expect((result.tools.getOrder as Json).authorization).toEqual({
      method: 'oauth2',
      provider: 'shop_auth',
      requiredScopes: ['orders:read'],
    });
    expect((result.tools.cancel_order as Json).authorization).toEqual({
      method: 'oauth2',
      provider: 'shop_auth',
      requiredScopes: ['orders:write', 'orders:read'],
    });
    expect((result.tools.createOrder as Json).authorization).toEqual({
      method: 'apiKey',
      provider: 'partner_key',
    });
    const list = result.tools.get_orders as Json;
    expect(list.authorization).toBe('none');
    // A tool without a provider names where its requests go.
    expect((list.http as Json).baseUrl).toBe('https://eu.shop.example.com/api/v1');
    expect(result.stats.scopes).toBe(3);
  });

  it('maps schemes to providers with the first server as resource', () => {
    const providers = result.manifest.providers as Record<string, Json>;
    expect(Object.keys(providers).sort()).toEqual(['partner_key', 'shop_auth']);
    expect(providers.shop_auth).toMatchObject({
      type: 'oauth2',
      issuer: 'https://auth.shop.example.com',
      authorizationEndpoint: 'https://auth.shop.example.com/authorize',
      tokenEndpoint: 'https://auth.shop.example.com/token',
      resource: 'https://eu.shop.example.com/api/v1',
      scopes: { 'orders:read': 'Read orders', 'orders:write': 'Create and cancel orders' },
    });
    expect(providers.partner_key).toMatchObject({ type: 'apiKey', headerName: 'X-Partner-Key' });
    expect(codes(result.diagnostics)).toContain('OPENAPI_SERVER_MULTIPLE');
    expect(codes(result.diagnostics)).toContain('OPENAPI_ISSUER_GUESSED');
  });

  it('picks the first alternative that can be forwarded and says so', () => {
    expect((result.tools.createOrder_2 as Json).authorization).toEqual({
      method: 'apiKey',
      provider: 'partner_key',
    });
    const unsupported = result.diagnostics.find(
      (d) =>
        d.code === 'OPENAPI_SECURITY_UNSUPPORTED' &&
        d.pointer === '/components/securitySchemes/queryKey',
    );
    expect(unsupported?.message).toMatch(/query/);
    expect(codes(result.diagnostics)).toContain('OPENAPI_SECURITY_ALTERNATIVES');
  });

  it('spreads an object body (rest) and keeps other bodies as one property', () => {
    const create = result.tools.createOrder as Json;
    expect((create.http as Json).body).toBe('rest');
    expect((create.input as Json).required).toEqual(['total']);
    const put = result.tools.createOrder_2 as Json;
    expect((put.http as Json).body).toEqual({ property: 'body' });
    expect(((put.input as Json).properties as Json).body).toEqual({
      type: 'array',
      items: { $ref: '#/$defs/Category' },
    });
  });

  it('converts 3.0 schemas: nullable, exclusiveMinimum, example, allOf, recursion', () => {
    const defs = result.manifest.$defs as Record<string, Json>;
    expect(defs.Money).toEqual({
      type: 'object',
      properties: {
        amount: { type: 'integer', exclusiveMinimum: 0 },
        currency: { anyOf: [{ type: 'string', enum: ['EUR', 'USD'] }, { type: 'null' }] },
      },
      required: ['amount'],
      additionalProperties: true,
    });
    // Order is allOf [Base, {...}]: merged into one object.
    const output = (result.tools.getOrder as Json).output as Json;
    expect(output.type).toBe('object');
    expect(Object.keys(output.properties as Json).sort()).toEqual(['id', 'note', 'tags', 'total']);
    expect((output.properties as Json).note).toEqual({
      type: ['string', 'null'],
      examples: ['leave at the door'],
    });
    expect(((output.properties as Json).tags as Json).items).toEqual({ $ref: '#/$defs/JsonValue' });
    expect(output.required).toEqual(['total']);
    const missing = result.diagnostics.find((d) => d.message.includes('"missing"'));
    expect(missing?.code).toBe('OPENAPI_SCHEMA_LOSSY');
    expect(defs.Category?.properties).toMatchObject({
      children: { type: 'array', items: { $ref: '#/$defs/Category' } },
    });
  });

  it('reports an external $ref where it is written', () => {
    const external = result.diagnostics.find((d) => d.code === 'OPENAPI_REF_EXTERNAL');
    expect(external?.pointer).toBe('/components/schemas/Remote/$ref');
    expect(SHOP_30.split('\n')[(external?.line ?? 0) - 1]).toContain('other.yaml');
  });

  it('reports non-object outputs instead of dropping them silently', () => {
    expect((result.tools.get_orders as Json).output).toBeUndefined();
    const response = result.diagnostics.find(
      (d) =>
        d.code === 'OPENAPI_RESPONSE_UNSUPPORTED' && d.pointer.startsWith('/paths/~1orders/get'),
    );
    expect(response?.message).toMatch(/array/);
  });

  it('annotates GET as read-only and DELETE as destructive', () => {
    expect((result.tools.getOrder as Json).annotations).toEqual({ readOnlyHint: true });
    expect((result.tools.cancel_order as Json).annotations).toEqual({
      destructiveHint: true,
      idempotentHint: true,
    });
  });
});

describe('OpenAPI 3.1 (JSON)', () => {
  const result = imported(NOTES_31, 'notes.json');

  it('passes toolscope check (the pending http field aside)', () => {
    expect(checkManifest('notes.json', result.yaml as string)).toEqual([]);
  });

  it('a relative server is a diagnostic and a placeholder resource', () => {
    const server = result.diagnostics.find((d) => d.code === 'OPENAPI_SERVER_UNUSABLE');
    expect(server?.pointer).toBe('/servers/0/url');
    expect(server?.line).toBe(4);
    const providers = result.manifest.providers as Record<string, Json>;
    expect(providers.oidc?.resource).toBe('https://api.example.invalid/v2');
  });

  it('openIdConnect becomes an oauth2 provider with the issuer and the scopes used', () => {
    const providers = result.manifest.providers as Record<string, Json>;
    expect(providers.oidc).toMatchObject({
      type: 'oauth2',
      issuer: 'https://id.example.com',
      scopes: { 'notes.write': '', openid: '' },
    });
    expect((result.tools['notes.update'] as Json).authorization).toEqual({
      method: 'oauth2',
      provider: 'oidc',
      requiredScopes: ['notes.write', 'openid'],
    });
    expect((result.tools.get_loops as Json).authorization).toEqual({
      method: 'apiKey',
      provider: 'token',
    });
    expect(providers.token).toMatchObject({ headerName: 'Authorization', valuePrefix: 'Bearer ' });
  });

  it('keeps 3.1 type lists, const and examples; an empty schema is JsonValue', () => {
    // Note is only used whole, as the body and the output: inlined there.
    const output = (result.tools['notes.update'] as Json).output as Json;
    expect(output.properties).toEqual({
      title: { type: ['string', 'null'], examples: ['Groceries'] },
      kind: { type: 'string', const: 'note' },
      score: { type: 'number', exclusiveMaximum: 10 },
      meta: { $ref: '#/$defs/JsonValue' },
    });
    expect((result.manifest.$defs as Json).JsonValue).toBeDefined();
  });

  it('breaks a $ref/union cycle that no type can express, with a diagnostic', () => {
    const defs = result.manifest.$defs as Record<string, Json>;
    const cycle = result.diagnostics.find(
      (d) => d.code === 'OPENAPI_SCHEMA_UNTYPED' && d.pointer.startsWith('/components/schemas/'),
    );
    expect(cycle?.message).toMatch(/itself/);
    expect([defs.A, defs.B].some((d) => d?.$ref === '#/$defs/JsonValue')).toBe(true);
  });

  it('maps a PATCH with a path parameter and a spread body', () => {
    expect((result.tools['notes.update'] as Json).http).toEqual({
      method: 'PATCH',
      path: '/notes/{id}',
      body: 'rest',
    });
  });
});

describe('documents that are not OpenAPI 3', () => {
  it('Swagger 2.0 is an error with a hint', () => {
    const result = importOpenApi('swagger: "2.0"\ninfo: { title: x, version: "1" }\npaths: {}\n', {
      file: 'old.yaml',
    });
    expect(result.yaml).toBeUndefined();
    expect(result.diagnostics[0]).toMatchObject({
      severity: 'error',
      code: 'OPENAPI_NOT_OPENAPI',
      file: 'old.yaml',
    });
    expect(result.diagnostics[0]?.hint).toMatch(/OpenAPI 3/);
  });

  it('a syntax error is positioned', () => {
    const result = importOpenApi('openapi: 3.0.0\ninfo: { title: x\npaths: {}\n', {
      file: 'bad.yaml',
    });
    expect(result.yaml).toBeUndefined();
    expect(result.diagnostics[0]).toMatchObject({ code: 'OPENAPI_SYNTAX', line: 2 });
  });

  it('OpenAPI 4 or a plain object is refused', () => {
    expect(importOpenApi('{"openapi": "4.0.0"}').diagnostics[0]?.code).toBe('OPENAPI_NOT_OPENAPI');
    expect(importOpenApi('[1, 2]').diagnostics[0]?.code).toBe('OPENAPI_NOT_OPENAPI');
  });
});

const REFS = `openapi: 3.0.0
info: { title: Refs, version: 1.0.0 }
servers: [{ url: "https://refs.example.com" }]
components:
  parameters:
    Loop: { $ref: "#/components/parameters/Loop" }
  schemas:
    Tree:
      type: object
      properties:
        label: { type: string }
        left: { $ref: "#/components/schemas/Tree/properties/label" }
        parent: { $ref: "#/components/schemas/Tree" }
    Shape:
      type: object
      properties:
        kind: { type: string }
      oneOf:
        - { type: object, properties: { radius: { type: number } } }
        - { type: object, properties: { side: { type: number } } }
      discriminator: { propertyName: kind }
paths:
  /trees:
    get:
      operationId: listTrees
      parameters:
        - $ref: "#/components/parameters/Loop"
        - $ref: "#/components/parameters/Missing"
        - { name: filter, in: query, schema: { not: { type: string } } }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  tree: { $ref: "#/components/schemas/Tree" }
                  shape: { $ref: "#/components/schemas/Shape" }
                  label: { $ref: "#/components/schemas/Tree/properties/label" }
`;

describe('$ref edge cases', () => {
  const result = imported(REFS, 'refs.yaml');

  it('passes toolscope check', () => {
    expect(checkManifest('refs.yaml', result.yaml as string)).toEqual([]);
  });

  it('a parameter $ref cycle and an unresolved $ref are reported where they are', () => {
    const cycle = result.diagnostics.find((d) => d.code === 'OPENAPI_REF_CYCLE');
    expect(cycle?.pointer).toBe('/components/parameters/Loop/$ref');
    expect(cycle?.line).toBe(6);
    const missing = result.diagnostics.find((d) => d.code === 'OPENAPI_REF_UNRESOLVED');
    expect(missing?.pointer).toBe('/paths/~1trees/get/parameters/1/$ref');
    expect(REFS.split('\n')[(missing?.line ?? 0) - 1]).toContain('Missing');
  });

  it('a $ref into another schema becomes one shared definition; recursion stays a $ref', () => {
    const defs = result.manifest.$defs as Record<string, Json>;
    expect(defs.Tree_label).toEqual({ type: 'string' });
    const tree = (defs.Tree as Json).properties as Json;
    expect(tree.left).toEqual({ $ref: '#/$defs/Tree_label' });
    expect(tree.parent).toEqual({ $ref: '#/$defs/Tree' });
    const output = (result.tools.listTrees as Json).output as Json;
    expect((output.properties as Json).label).toEqual({ $ref: '#/$defs/Tree_label' });
  });

  it('shared keywords beside oneOf go into each variant', () => {
    const defs = result.manifest.$defs as Record<string, Json>;
    const variants = defs.Shape?.oneOf as Json[];
    expect(variants).toHaveLength(2);
    for (const variant of variants) {
      expect(variant.type).toBe('object');
      expect(Object.keys(variant.properties as Json)).toContain('kind');
    }
  });

  it('an unsupported keyword is left out with a diagnostic at the keyword', () => {
    const lossy = result.diagnostics.find(
      (d) => d.code === 'OPENAPI_SCHEMA_LOSSY' && d.pointer.endsWith('/schema/not'),
    );
    expect(lossy?.pointer).toBe('/paths/~1trees/get/parameters/2/schema/not');
    const filter = (((result.tools.listTrees as Json).input as Json).properties as Json).filter;
    expect(filter).toEqual({ $ref: '#/$defs/JsonValue' });
  });
});
