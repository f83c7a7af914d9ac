import { ToolscopeError } from '@toolscope/core';
import { UsageError } from './args.js';
import { commands } from './commands/index.js';
import { type CommandContext, EXIT } from './commands/types.js';
import { EXIT_STATUS_HELP, formatError } from './report.js';
import { cliVersion } from './version.js';

export { cliVersion } from './version.js';

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `Usage: toolscope <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}   ${c.summary}`).join('\n')}

Options:
  -h, --help      Show help (also: toolscope <command> --help)
  -v, --version   Show the version

Run \`toolscope <command> --help\` for a command's options.

${EXIT_STATUS_HELP}`;
}

/** Runs the command line and resolves to the exit code; never throws for user mistakes. */
export async function main(argv: readonly string[], context: CommandContext): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    const text = `${overview()}\n`;
    if (first === undefined) context.stderr(text);
    else context.stdout(text);
    return first === undefined ? EXIT.usage : EXIT.ok;
  }
  if (first === '-v' || first === '--version') {
    context.stdout(`${cliVersion()}\n`);
    return EXIT.ok;
  }
  const command = commands.find((c) => c.name === first);
  if (!command) {
    const what = first.startsWith('-') ? `Unknown option ${first}.` : `Unknown command "${first}".`;
    context.stderr(formatError(new UsageError(what, 'Run `toolscope --help`.')));
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    context.stdout(`${command.usage}\n\n${EXIT_STATUS_HELP}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, context);
  } catch (error) {
    if (error instanceof ToolscopeError) {
      context.stderr(formatError(error));
      return error instanceof UsageError ? EXIT.usage : EXIT.failed;
    }
    throw error;
  }
}
