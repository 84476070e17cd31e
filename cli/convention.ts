import { type Command, CommanderError } from "commander";

/**
 * The command-line convention of every program this project ships (ckpctl,
 * ckp-agent, the cluster agent), on commander: `--help`/`-h` and
 * `help <command>` print help on stdout and exit 0; `--version` prints the
 * version and exits 0; a usage mistake (unknown command or option, a
 * missing argument) is one line on stderr, the help hint, and exit 2; any
 * other error is one line on stderr and a non-zero exit (1 unless the
 * error says otherwise).
 */
export const USAGE_EXIT = 2;

export function applyConvention(program: Command, o: { name: string; version: string; description: string }): Command {
  program
    .name(o.name)
    .description(o.description)
    .version(o.version, "--version", "print the version and exit")
    .helpOption("-h, --help", "print help and exit")
    .helpCommand("help [command]", "print help for a command")
    .showHelpAfterError(`(run ${o.name} --help for usage)`)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
  return program;
}

/** Applies the convention to every subcommand added so far (commander copies settings only at creation). */
export function conventionForSubcommands(program: Command): void {
  for (const c of program.commands) {
    c.exitOverride()
      .showHelpAfterError(`(run ${program.name()} ${c.name()} --help for usage)`)
      .helpOption("-h, --help", "print help and exit");
    conventionForSubcommands(c);
  }
}

/** What a CommanderError means for the exit code: help and version are not errors, usage mistakes are 2. */
export function commanderExit(e: CommanderError): number {
  if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.exitCode === 0) return 0;
  return USAGE_EXIT;
}

/**
 * Parses and runs; resolves to the exit code. Errors other than usage
 * mistakes go to `onError`, which prints them and answers the code.
 */
export async function runProgram(program: Command, argv: string[], onError: (e: unknown) => number): Promise<number> {
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return commanderExit(e);
    return onError(e);
  }
}

export { CommanderError };
