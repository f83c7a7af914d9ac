// What a generated server package's `register<Toolset>Tools` hands over: the
// toolset's definitions by tool name, which property of the handlers object
// serves each tool, and the providers the manifest declares. The generated
// function keeps the typed contract (its handlers interface); the list of
// registrations is built here, once, instead of as one checked object per tool
// in every generated file.
import type { ToolDefinition } from '@toolscope/core/runtime';
import { ServerError } from './errors.js';
import type { RegisterToolsOptions, RegistrableTool, ServerProvider } from './types.js';

/** A generated toolset, as its `register.ts` describes it to `registerToolset`. */
export interface GeneratedToolset {
  /** Every tool's definition, by tool name. */
  readonly definitions: Readonly<Record<string, ToolDefinition>>;
  /** Tool name → the property of the handlers object that serves it. */
  readonly handlerKeys: Readonly<Record<string, string>>;
  /** The providers as the manifest declares them; `options.providers` overrides them by id. */
  readonly providers?: Readonly<Record<string, ServerProvider>>;
}

type Handler = NonNullable<RegistrableTool['handler']>;

// The one narrowing of a handler read by name. The generated function's
// parameter type is the toolset's handlers interface, so the property holds the
// handler that interface declares for the tool (or nothing, for a declarative
// tool); `registerTools` refuses a missing handler for any other tool.
function handlerAt(handlers: object, key: string): Handler | undefined {
  const value: unknown = Reflect.get(handlers, key);
  return typeof value === 'function' ? (value as Handler) : undefined;
}

/** The registrations of a generated toolset: one per tool, its handler read by its key. */
export function toolsetTools(toolset: GeneratedToolset, handlers: object): RegistrableTool[] {
  const tools: RegistrableTool[] = [];
  for (const [name, key] of Object.entries(toolset.handlerKeys)) {
    const definition = Object.hasOwn(toolset.definitions, name)
      ? toolset.definitions[name]
      : undefined;
    if (definition === undefined) {
      throw new ServerError(
        'CONFIG_INVALID',
        `registerToolset: the handler key ${JSON.stringify(key)} names the tool ${JSON.stringify(name)}, which the toolset does not define.`,
        { hint: 'The generated register.ts was edited; run `toolscope generate` again.' },
      );
    }
    const handler = handlerAt(handlers, key);
    tools.push(handler === undefined ? { definition } : { definition, handler });
  }
  return tools;
}

/** The options with the toolset's providers under the app's own (`options.providers` wins by id). */
export function toolsetOptions(
  toolset: GeneratedToolset,
  options: RegisterToolsOptions,
): RegisterToolsOptions {
  if (toolset.providers === undefined) return options;
  return { ...options, providers: { ...toolset.providers, ...options.providers } };
}
