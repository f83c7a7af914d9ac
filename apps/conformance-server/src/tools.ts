/**
 * The handlers of the conformance toolset (apps/conformance-server/manifests/conformance.yaml): what
 * each suite scenario expects a tool of that name to do, written against
 * toolscope's handler context (`ctx.mcp`) only.
 */
import {
  CLIENT_CAPABILITIES_META_KEY as CAPABILITIES_KEY,
  MissingRequiredClientCapabilityError,
  type RequestStateCodec,
  type ServerContext,
  type ServerEventBus,
} from '@modelcontextprotocol/server';
import type { NoneToolContext, ToolCallResult } from '@toolscope/server/v2';
import type { ConformanceHandlers } from '@toolscope-demo/conformance-server';
import { PNG_BASE64, WAV_BASE64 } from './media.js';
import type { FlowState } from './state.js';

/** What the handlers need from the server instance that runs them. */
export interface ToolEnvironment {
  /** Signs and reads the `requestState` of input-required flows. */
  readonly codec: RequestStateCodec<FlowState>;
  /** Where list changes are announced to 2026-07-28 `subscriptions/listen` streams. */
  readonly bus: ServerEventBus;
  /** The capabilities the client declared at `initialize` (2025-era sessions). */
  readonly sessionCapabilities: () => Record<string, unknown> | undefined;
}

const text = (value: string): ToolCallResult => ({ content: [{ type: 'text', text: value }] });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function sdk(ctx: NoneToolContext): ServerContext {
  return ctx.mcp.sdk as ServerContext;
}

/** The client capabilities of this request: its `_meta` envelope (2026-07-28) or the session's. */
function clientCapabilities(ctx: NoneToolContext, env: ToolEnvironment): Record<string, unknown> {
  const declared =
    ctx.mcp.era === 'modern'
      ? (sdk(ctx).mcpReq.envelope as Record<string, unknown> | undefined)?.[CAPABILITIES_KEY]
      : env.sessionCapabilities();
  return (declared ?? {}) as Record<string, unknown>;
}

/** The verified state echoed on this round, when it belongs to `flow`. */
function stateOf(ctx: NoneToolContext, flow: string): FlowState | undefined {
  const state = sdk(ctx).mcpReq.requestState<FlowState>();
  return typeof state === 'object' && state !== null && state.flow === flow ? state : undefined;
}

type Response = Record<string, unknown> | undefined;

function response(ctx: NoneToolContext, key: string): Response {
  const value = ctx.mcp.inputResponses?.[key];
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)
    : undefined;
}

/** `content[field]` of an accepted elicitation response, as a string. */
function elicited(answer: Response, field: string): string | undefined {
  if (answer?.['action'] !== 'accept') return undefined;
  const value = (answer['content'] as Record<string, unknown> | undefined)?.[field];
  return typeof value === 'string' ? value : undefined;
}

/** The text a sampling response carries. */
function sampledText(answer: Response): string | undefined {
  const content = answer?.['content'] as { type?: unknown; text?: unknown } | undefined;
  return typeof content?.text === 'string' ? content.text : undefined;
}

function ask(message: string, field: string, type = 'string'): Record<string, unknown> {
  return {
    method: 'elicitation/create',
    params: {
      message,
      requestedSchema: { type: 'object', properties: { [field]: { type } }, required: [field] },
    },
  };
}

function sample(prompt: string, maxTokens: number): Record<string, unknown> {
  return {
    method: 'sampling/createMessage',
    params: { messages: [{ role: 'user', content: { type: 'text', text: prompt } }], maxTokens },
  };
}

const listRoots = { method: 'roots/list', params: {} };

const SEP1034_FORM = {
  type: 'object',
  properties: {
    name: { type: 'string', description: 'User name', default: 'John Doe' },
    age: { type: 'integer', description: 'User age', default: 30 },
    score: { type: 'number', description: 'User score', default: 95.5 },
    status: {
      type: 'string',
      description: 'User status',
      enum: ['active', 'inactive', 'pending'],
      default: 'active',
    },
    verified: { type: 'boolean', description: 'Verification status', default: true },
  },
  required: [],
};

const SEP1330_FORM = {
  type: 'object',
  properties: {
    untitledSingle: {
      type: 'string',
      description: 'Select one option',
      enum: ['option1', 'option2', 'option3'],
    },
    titledSingle: {
      type: 'string',
      description: 'Select one option with titles',
      oneOf: [
        { const: 'value1', title: 'First Option' },
        { const: 'value2', title: 'Second Option' },
        { const: 'value3', title: 'Third Option' },
      ],
    },
    legacyEnum: {
      type: 'string',
      description: 'Select one option (legacy)',
      enum: ['opt1', 'opt2', 'opt3'],
      enumNames: ['Option One', 'Option Two', 'Option Three'],
    },
    untitledMulti: {
      type: 'array',
      description: 'Select multiple options',
      minItems: 1,
      maxItems: 3,
      items: { type: 'string', enum: ['option1', 'option2', 'option3'] },
    },
    titledMulti: {
      type: 'array',
      description: 'Select multiple options with titles',
      minItems: 1,
      maxItems: 3,
      items: {
        anyOf: [
          { const: 'value1', title: 'First Choice' },
          { const: 'value2', title: 'Second Choice' },
          { const: 'value3', title: 'Third Choice' },
        ],
      },
    },
  },
  required: [],
};

/** An elicitation the client answers, on either era: the runtime pushes it or returns it as input-required. */
function formTool(message: string, requestedSchema: Record<string, unknown>, label: string) {
  return (_input: unknown, ctx: NoneToolContext): ToolCallResult => {
    const answer = response(ctx, 'form');
    if (answer === undefined) {
      return ctx.mcp.requireInput({
        inputRequests: {
          form: { method: 'elicitation/create', params: { message, requestedSchema } },
        },
      });
    }
    return text(
      `${label}: action=${String(answer['action'])}, content=${JSON.stringify(answer['content'] ?? {})}`,
    );
  };
}

/** The conformance toolset's handlers for one server instance. */
export function conformanceHandlers(env: ToolEnvironment): ConformanceHandlers {
  return {
    testSimpleText: () => text('This is a simple text response for testing.'),
    testImageContent: () => ({
      content: [{ type: 'image', data: PNG_BASE64, mimeType: 'image/png' }],
    }),
    testAudioContent: () => ({
      content: [{ type: 'audio', data: WAV_BASE64, mimeType: 'audio/wav' }],
    }),
    testEmbeddedResource: () => ({
      content: [
        {
          type: 'resource',
          resource: {
            uri: 'test://embedded-resource',
            mimeType: 'text/plain',
            text: 'This is an embedded resource content.',
          },
        },
      ],
    }),
    testMultipleContentTypes: () => ({
      content: [
        { type: 'text', text: 'Multiple content types test:' },
        { type: 'image', data: PNG_BASE64, mimeType: 'image/png' },
        {
          type: 'resource',
          resource: {
            uri: 'test://mixed-content-resource',
            mimeType: 'application/json',
            text: JSON.stringify({ test: 'data', value: 123 }),
          },
        },
      ],
    }),
    async testToolWithLogging(_input, ctx) {
      for (const step of [
        'Tool execution started',
        'Tool processing data',
        'Tool execution completed',
      ]) {
        await ctx.mcp.log('info', step);
        await pause(20);
      }
      return text('Tool with logging executed successfully');
    },
    async testLoggingTool(_input, ctx) {
      // The runtime drops it unless the request (or the session) asked for a log level.
      await ctx.mcp.log('info', 'Diagnostic trace logging activated');
      return text('Logging evaluated');
    },
    async testToolWithProgress(_input, ctx) {
      for (const done of [0, 50, 100]) {
        await ctx.mcp.progress(done, 100, `Completed step ${done} of 100`);
        if (done < 100) await pause(20);
      }
      const token = (ctx.mcp.meta as { progressToken?: unknown }).progressToken;
      return text(String(token ?? 'no progress token'));
    },
    async testStreamingElicitation(_input, ctx) {
      const answer = response(ctx, 'confirm');
      if (answer !== undefined)
        return text(`Streaming complete: action=${String(answer['action'])}`);
      await ctx.mcp.progress(50, 100, 'Waiting for confirmation');
      // The question travels in the result (2026-07-28), never as a request on the stream.
      return ctx.mcp.requireInput({
        inputRequests: { confirm: ask('Continue?', 'ok', 'boolean') },
      });
    },
    testTriggerToolChange() {
      env.bus.publish({ kind: 'tools_list_changed' });
      return text('Announced a tool list change');
    },
    testTriggerPromptChange() {
      env.bus.publish({ kind: 'prompts_list_changed' });
      return text('Announced a prompt list change');
    },
    testErrorHandling() {
      throw new Error('This tool intentionally returns an error for testing');
    },
    testMissingCapability(_input, ctx) {
      if (clientCapabilities(ctx, env)['sampling'] === undefined) {
        throw new MissingRequiredClientCapabilityError({ requiredCapabilities: { sampling: {} } });
      }
      return text('Success');
    },
    testSampling(input, ctx) {
      const answer = response(ctx, 'completion');
      if (answer === undefined) {
        return ctx.mcp.requireInput({ inputRequests: { completion: sample(input.prompt, 100) } });
      }
      return text(`LLM response: ${sampledText(answer) ?? 'No response'}`);
    },
    testElicitation(input, ctx) {
      const answer = response(ctx, 'response');
      if (answer === undefined) {
        return ctx.mcp.requireInput({
          inputRequests: { response: ask(input.message, 'response') },
        });
      }
      return text(
        `User response: action=${String(answer['action'])}, content=${JSON.stringify(answer['content'] ?? {})}`,
      );
    },
    testElicitationSep1034Defaults: formTool(
      'Please review and update the form fields with defaults',
      SEP1034_FORM,
      'Elicitation completed',
    ),
    testElicitationSep1330Enums: formTool(
      'Please select options from the enum fields',
      SEP1330_FORM,
      'Elicitation completed',
    ),
    testInputRequiredResultElicitation(_input, ctx) {
      const name = elicited(response(ctx, 'user_name'), 'name');
      if (name === undefined) {
        return ctx.mcp.requireInput({
          inputRequests: { user_name: ask('What is your name?', 'name') },
        });
      }
      return text(`Hello, ${name}!`);
    },
    testInputRequiredResultSampling(_input, ctx) {
      const answer = response(ctx, 'sample_request');
      if (answer === undefined) {
        return ctx.mcp.requireInput({
          inputRequests: { sample_request: sample('What is the capital of France?', 100) },
        });
      }
      return text(`Sampling result: ${sampledText(answer) ?? 'no response'}`);
    },
    testInputRequiredResultListRoots(_input, ctx) {
      const answer = response(ctx, 'roots_request');
      if (answer === undefined) {
        return ctx.mcp.requireInput({ inputRequests: { roots_request: listRoots } });
      }
      const roots = Array.isArray(answer['roots']) ? answer['roots'] : [];
      return text(`Found ${roots.length} root(s)`);
    },
    async testInputRequiredResultRequestState(_input, ctx) {
      const flow = 'request-state';
      const answer = response(ctx, 'confirm');
      const confirmed = (answer?.['content'] as { ok?: unknown } | undefined)?.ok === true;
      if (stateOf(ctx, flow) !== undefined && confirmed)
        return text('state-ok: requestState validated');
      return ctx.mcp.requireInput({
        inputRequests: { confirm: ask('Please confirm', 'ok', 'boolean') },
        requestState: await env.codec.mint({ flow }),
      });
    },
    async testInputRequiredResultMultipleInputs(_input, ctx) {
      const flow = 'multiple-inputs';
      const name = elicited(response(ctx, 'user_name'), 'name');
      const greeting = response(ctx, 'greeting');
      const roots = response(ctx, 'client_roots');
      if (stateOf(ctx, flow) !== undefined && name !== undefined && greeting && roots) {
        const count = Array.isArray(roots['roots']) ? roots['roots'].length : 0;
        return text(
          `Name: ${name}; Greeting: ${sampledText(greeting) ?? 'Hello there!'}; Roots: ${count}`,
        );
      }
      return ctx.mcp.requireInput({
        inputRequests: {
          user_name: ask('What is your name?', 'name'),
          greeting: sample('Generate a greeting', 50),
          client_roots: listRoots,
        },
        requestState: await env.codec.mint({ flow }),
      });
    },
    async testInputRequiredResultMultiRound(_input, ctx) {
      const flow = 'multi-round';
      const state = stateOf(ctx, flow);
      if (state?.round === 1) {
        const name = elicited(response(ctx, 'step1'), 'name');
        if (name !== undefined) {
          return ctx.mcp.requireInput({
            inputRequests: { step2: ask('Step 2: What is your favorite color?', 'color') },
            requestState: await env.codec.mint({ flow, round: 2, name }),
          });
        }
      }
      if (state?.round === 2) {
        const color = elicited(response(ctx, 'step2'), 'color');
        if (color !== undefined)
          return text(`Multi-round complete for ${state.name} who likes ${color}`);
      }
      return ctx.mcp.requireInput({
        inputRequests: { step1: ask('Step 1: What is your name?', 'name') },
        requestState: await env.codec.mint({ flow, round: 1 }),
      });
    },
    async testInputRequiredResultTamperedState(_input, ctx) {
      // A changed state never gets here: the server's verify hook refuses it with -32602.
      const flow = 'tamper-test';
      if (stateOf(ctx, flow) !== undefined && response(ctx, 'confirm') !== undefined) {
        return text('integrity-ok: state verified');
      }
      return ctx.mcp.requireInput({
        inputRequests: { confirm: ask('Please confirm', 'ok', 'boolean') },
        requestState: await env.codec.mint({ flow }),
      });
    },
    async testInputRequiredResultCapabilities(_input, ctx) {
      const answers = ctx.mcp.inputResponses;
      if (answers !== undefined && Object.keys(answers).length > 0) {
        return text(`capabilities-ok: received ${Object.keys(answers).join(',')}`);
      }
      const caps = clientCapabilities(ctx, env);
      const inputRequests: Record<string, unknown> = {};
      if (caps['elicitation'] !== undefined)
        inputRequests['elicit_input'] = ask('Elicitation input', 'value');
      if (caps['sampling'] !== undefined)
        inputRequests['sample_input'] = sample('Sample request', 50);
      if (Object.keys(inputRequests).length === 0)
        return text('No supported capabilities declared');
      return ctx.mcp.requireInput({
        inputRequests,
        requestState: await env.codec.mint({ flow: 'capabilities' }),
      });
    },
  };
}
