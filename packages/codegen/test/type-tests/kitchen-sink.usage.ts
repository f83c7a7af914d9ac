// Copied next to the generated kitchen-sink packages and type-checked there:
// every `@ts-expect-error` must be an error, or tsc reports the directive.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ToolCallResult, ToolCallTarget } from '@toolscope/core';
import { expectTypeOf } from 'vitest';
import {
  type AuthorizationRequiredError,
  createKitchenSinkClient,
  createKitchenSinkUserClient,
  type InsufficientAuthorizationError,
  type SinkGetEverythingOutput,
  sinkGetEverythingScopes,
  toolRequirements,
} from './kitchen-sink-client/src/index.js';
import {
  type KitchenSinkHandlers,
  registerKitchenSinkTools,
} from './kitchen-sink-server/src/index.js';

declare const target: ToolCallTarget;
declare const server: McpServer;
const api = createKitchenSinkClient(target);

// The token rule: required for oauth2 and apiKey tools…
await api.sinkUpdateWidget({ id: 'w1' }, { token: 't' });
await api.sinkOpenVault({ path: '/' }, { token: 'k' });
// @ts-expect-error an oauth2 tool without a token
await api.sinkUpdateWidget({ id: 'w1' });
// @ts-expect-error an oauth2 tool with options but no token
await api.sinkUpdateWidget({ id: 'w1' }, { timeout: 5 });
// @ts-expect-error an apiKey tool without a token
await api.sinkPersonalKey({});
// …and not accepted for none tools.
await api.sinkEcho({ text: 'hi' });
await api.sinkEcho({ text: 'hi' }, { timeout: 5 });
// @ts-expect-error a none tool with a token
await api.sinkEcho({ text: 'hi' }, { token: 't' });
// @ts-expect-error a none tool with an undefined token
await api.sinkPing1({}, { token: undefined });

// Inputs and results are typed.
// @ts-expect-error a missing required input field
await api.sinkWriteSettings({}, { token: 't' });
// @ts-expect-error an enum value outside the union
await api.sinkWriteSettings({ theme: 'blue' }, { token: 't' });
const everything = await api.sinkGetEverything({ id: 'x', count: 2 }, { token: 't' });
if (!everything.isError) {
  expectTypeOf(everything.structuredContent).toEqualTypeOf<SinkGetEverythingOutput>();
  expectTypeOf(everything.structuredContent.tree.children).toEqualTypeOf<
    SinkGetEverythingOutput['tree'][] | undefined
  >();
}
expectTypeOf(api.sinkPlainCall).returns.resolves.toEqualTypeOf<ToolCallResult>();

// Scopes up front, as const tuples, and the requirement map.
expectTypeOf(sinkGetEverythingScopes).toEqualTypeOf<readonly ['widgets:read', 'audit.read']>();
expectTypeOf(toolRequirements.sink_openVault.method).toEqualTypeOf<'apiKey'>();
expectTypeOf(toolRequirements['sink.ping-1']).toEqualTypeOf<{ readonly method: 'none' }>();

// The user-bound form takes no token at all.
const user = createKitchenSinkUserClient(target, () => 'token-from-vault');
await user.sinkUpdateWidget({ id: 'w1' });
// @ts-expect-error the user-bound form does not take tokens per call
await user.sinkUpdateWidget({ id: 'w1' }, { token: 't' });

// The typed errors are re-exported.
expectTypeOf<AuthorizationRequiredError['requiredScopes']>().toEqualTypeOf<readonly string[]>();
expectTypeOf<InsufficientAuthorizationError['tool']>().toEqualTypeOf<string>();

// Handlers: contexts follow the method.
declare const handlers: KitchenSinkHandlers;
expectTypeOf(handlers.sinkEcho).parameter(1).toHaveProperty('method').toEqualTypeOf<'none'>();
expectTypeOf(handlers.sinkUpdateWidget)
  .parameter(1)
  .toHaveProperty('token')
  .toEqualTypeOf<string>();
expectTypeOf(handlers.sinkOpenVault)
  .parameter(1)
  .toHaveProperty('method')
  .toEqualTypeOf<'apiKey'>();
const echo: KitchenSinkHandlers['sinkEcho'] = (input, context) => {
  // @ts-expect-error a none tool's context has no token
  const leaked: string = context.token;
  return { text: input.text + String(leaked) };
};

registerKitchenSinkTools(server, handlers);
const { sinkEcho: _omitted, ...missingOne } = handlers;
// @ts-expect-error a missing handler
registerKitchenSinkTools(server, missingOne);
// @ts-expect-error an extra handler
registerKitchenSinkTools(server, { ...handlers, sinkEcho: echo, sinkUnknown: echo });
