import type { ToolscopePlugin } from './types.js';

// The plugin types live in ./types.js with the config and plan types they refer to.
export type {
  AnyPlugin,
  BeforeWriteContext,
  BeforeWriteHook,
  EmitContext,
  OutputFile,
  PluginTemplates,
  ReserveContext,
  ReservedNames,
  Template,
  ToolscopePlugin,
} from './types.js';

/** Typed identity for a plugin module: `export default definePlugin({ name, package, emit })`. */
export function definePlugin<Options = undefined>(
  plugin: ToolscopePlugin<Options>,
): ToolscopePlugin<Options> {
  return plugin;
}
