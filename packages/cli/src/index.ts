export {
  type OptionSpec,
  type ParsedCommandLine,
  parseCommandLine,
  UsageError,
} from './args.js';
export { checkCommand } from './commands/check.js';
export { commands } from './commands/index.js';
export { CONFIG_FILE, DEFAULT_CONFIG, initCommand, STARTER_MANIFEST } from './commands/init.js';
export { type Command, type CommandContext, EXIT } from './commands/types.js';
export { CliError, type CliErrorCode } from './errors.js';
export { cliVersion, main } from './main.js';
