/** What a command gets from the dispatcher: where it runs and where it writes. */
export interface CommandContext {
  readonly cwd: string;
  /** Writes to standard output (results, diagnostics). */
  readonly stdout: (text: string) => void;
  /** Writes to standard error (usage errors, notices). */
  readonly stderr: (text: string) => void;
  /** Whether ANSI colours are wanted. */
  readonly color: boolean;
  /** `npm_config_user_agent`: which package manager started the command, if any. */
  readonly userAgent?: string | undefined;
}

/** One verb of the `toolscope` command. */
export interface Command {
  readonly name: string;
  /** One line for `toolscope --help`. */
  readonly summary: string;
  /** The full `toolscope <name> --help` text. */
  readonly usage: string;
  /** Runs with the arguments after the verb; resolves to the process exit code. */
  run(args: readonly string[], context: CommandContext): Promise<number>;
}

/** Exit codes: 0 success, 1 the input has problems, 2 the command line is wrong. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
