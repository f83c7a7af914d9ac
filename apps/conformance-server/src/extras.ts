/**
 * Resources, prompts and completions of the conformance server, registered
 * with the plain `@modelcontextprotocol/server` v2 API beside toolscope's
 * tools: they show that the two share one McpServer.
 */
import {
  acceptedContent,
  completable,
  type McpServer,
  ResourceTemplate,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { z } from 'zod';
import { PNG_BASE64 } from './media.js';

const ARG_SUGGESTIONS = ['paris', 'park', 'party', 'test', 'testing', 'tested'];

function registerResources(server: McpServer): void {
  server.registerResource(
    'static-text',
    'test://static-text',
    { title: 'Static text', description: 'A fixed text resource.', mimeType: 'text/plain' },
    (uri) => ({
      contents: [
        {
          uri: uri.href,
          mimeType: 'text/plain',
          text: 'This is the content of the static text resource.',
        },
      ],
    }),
  );
  server.registerResource(
    'static-binary',
    'test://static-binary',
    { title: 'Static binary', description: 'A fixed PNG image.', mimeType: 'image/png' },
    (uri) => ({ contents: [{ uri: uri.href, mimeType: 'image/png', blob: PNG_BASE64 }] }),
  );
  server.registerResource(
    'watched-resource',
    'test://watched-resource',
    {
      title: 'Watched resource',
      description: 'A resource clients may subscribe to.',
      mimeType: 'text/plain',
    },
    (uri) => ({
      contents: [{ uri: uri.href, mimeType: 'text/plain', text: 'Watched resource content.' }],
    }),
  );
  server.registerResource(
    'template',
    new ResourceTemplate('test://template/{id}/data', { list: undefined }),
    {
      title: 'Data by id',
      description: 'JSON data for the id in the URI.',
      mimeType: 'application/json',
    },
    (uri, variables) => {
      const id = String(variables['id']);
      return {
        contents: [
          {
            uri: uri.href,
            mimeType: 'application/json',
            text: JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` }),
          },
        ],
      };
    },
  );
  // 2025-era subscriptions: accepted and remembered per session; nothing here changes, so nothing is sent.
  const subscribed = new Set<string>();
  server.server.registerCapabilities({ resources: { subscribe: true } });
  server.server.setRequestHandler('resources/subscribe', (request) => {
    subscribed.add(request.params.uri);
    return {};
  });
  server.server.setRequestHandler('resources/unsubscribe', (request) => {
    subscribed.delete(request.params.uri);
    return {};
  });
}

function registerPrompts(server: McpServer): void {
  server.registerPrompt(
    'test_simple_prompt',
    { title: 'Simple prompt', description: 'A prompt without arguments.' },
    () => ({
      messages: [
        { role: 'user', content: { type: 'text', text: 'This is a simple prompt for testing.' } },
      ],
    }),
  );
  server.registerPrompt(
    'test_prompt_with_arguments',
    {
      title: 'Prompt with arguments',
      description: 'A prompt with two required arguments; arg1 completes.',
      argsSchema: z.object({
        arg1: completable(z.string().describe('First test argument'), (value) =>
          ARG_SUGGESTIONS.filter((word) => word.startsWith(value)),
        ),
        arg2: z.string().describe('Second test argument'),
      }),
    },
    ({ arg1, arg2 }) => ({
      messages: [
        {
          role: 'user',
          content: { type: 'text', text: `Prompt with arguments: arg1='${arg1}', arg2='${arg2}'` },
        },
      ],
    }),
  );
  server.registerPrompt(
    'test_prompt_with_embedded_resource',
    {
      title: 'Prompt with an embedded resource',
      description: 'Embeds the resource named by resourceUri.',
      argsSchema: z.object({ resourceUri: z.string().describe('URI of the resource to embed') }),
    },
    ({ resourceUri }) => ({
      messages: [
        {
          role: 'user',
          content: {
            type: 'resource',
            resource: {
              uri: resourceUri,
              mimeType: 'text/plain',
              text: 'Embedded resource content for testing.',
            },
          },
        },
        {
          role: 'user',
          content: { type: 'text', text: 'Please process the embedded resource above.' },
        },
      ],
    }),
  );
  server.registerPrompt(
    'test_prompt_with_image',
    { title: 'Prompt with an image', description: 'A prompt with image content.' },
    () => ({
      messages: [
        { role: 'user', content: { type: 'image', data: PNG_BASE64, mimeType: 'image/png' } },
        { role: 'user', content: { type: 'text', text: 'Please analyze the image above.' } },
      ],
    }),
  );
  server.registerPrompt(
    'test_input_required_result_prompt',
    {
      title: 'Prompt that asks first',
      description: 'Asks the user for context with an input-required result, then uses it.',
    },
    (ctx: ServerContext) => {
      const answer = acceptedContent<{ context?: unknown }>(
        ctx.mcpReq.inputResponses,
        'user_context',
      );
      if (typeof answer?.context !== 'string') {
        return {
          resultType: 'input_required',
          inputRequests: {
            user_context: {
              method: 'elicitation/create',
              params: {
                message: 'What context should the prompt use?',
                requestedSchema: {
                  type: 'object',
                  properties: { context: { type: 'string' } },
                  required: ['context'],
                },
              },
            },
          },
        } as never;
      }
      return {
        messages: [
          {
            role: 'user',
            content: { type: 'text', text: `Prompt with context: ${answer.context}` },
          },
        ],
      };
    },
  );
}

/** Registers the resources, prompts and completions (through completable prompt arguments). */
export function registerExtras(server: McpServer): void {
  registerResources(server);
  registerPrompts(server);
}
