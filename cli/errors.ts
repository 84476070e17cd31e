/**
 * Exit codes (docs/cli.md): scripts branch on them.
 *   0 done; 1 the API refused or failed (a problem was printed), or a plan would be refused;
 *   2 usage (bad flags, no context); 3 not authenticated or not allowed (401/403);
 *   4 not found (404); 5 the operation failed (a cluster Failed: its step and reason printed);
 *   6 timed out waiting; 7 a bulk request where some items failed.
 */
export const EXIT = {
  ok: 0,
  error: 1,
  usage: 2,
  auth: 3,
  notFound: 4,
  failed: 5,
  timeout: 6,
  partial: 7,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the CLI prints as one line on stderr before exiting with `code`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: ExitCode = EXIT.error,
  ) {
    super(message);
    this.name = "CliError";
  }
}
