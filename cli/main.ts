import { ApiError } from "./api/client.js";
import { complete } from "./completion.js";
import { runProgram } from "./convention.js";
import { CliError, EXIT } from "./errors.js";
import { buildProgram } from "./program.js";

/** ckpctl: errors are one line on stderr and a documented exit code (cli/errors.ts). */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  if (argv[0] === "__complete") {
    process.stdout.write((await complete(program, argv.slice(1))).map((c) => `${c}\n`).join(""));
    return 0;
  }
  return runProgram(program, argv, (e) => {
    if (e instanceof CliError) {
      process.stderr.write(`${e instanceof ApiError ? "Error from server: " : "error: "}${e.message}\n`);
      return e.code;
    }
    if ((e as { name?: string }).name === "ExitPromptError") return 130;
    process.stderr.write(`error: ${(e as Error).message ?? String(e)}\n`);
    return EXIT.error;
  });
}

main(process.argv.slice(2)).then((code) => process.exit(code));
