import { type ParseArgsConfig, parseArgs } from 'node:util';
import { CliError } from './errors.js';

/** Options as node:util parseArgs declares them. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** A command line a user mistyped; the dispatcher prints it with the command's usage. */
export class UsageError extends CliError {
  override readonly name = 'UsageError';
  constructor(message: string, hint?: string) {
    super('CONFIG_INVALID', message, hint === undefined ? {} : { hint });
  }
}

/** A parsed command line. */
export interface ParsedCommandLine {
  readonly values: Readonly<Record<string, string | boolean | Array<string | boolean> | undefined>>;
  readonly positionals: readonly string[];
}

/** parseArgs in strict mode, with its errors turned into UsageErrors a user can act on. */
export function parseCommandLine(
  args: readonly string[],
  options: OptionSpec,
  command: string,
): ParsedCommandLine {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const raw = error instanceof Error ? error.message : String(error);
    const option = /'([^']+)'/.exec(raw)?.[1];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw new UsageError(
        `Unknown option ${option ?? ''} for "toolscope ${command}".`.replace('  ', ' '),
        `Run \`toolscope ${command} --help\`.`,
      );
    }
    throw new UsageError(raw.split('\n')[0] ?? raw, `Run \`toolscope ${command} --help\`.`);
  }
}
