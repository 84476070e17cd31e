import picocolors from "picocolors";

/**
 * Colours only for a person at a terminal: stdout a TTY and NO_COLOR unset
 * (FORCE_COLOR forces them). picocolors' own guess also turns them on
 * whenever `CI` is set, which would put escape codes in piped output.
 */
const wanted =
  "FORCE_COLOR" in process.env || (Boolean(process.stdout.isTTY) && !("NO_COLOR" in process.env) && process.env.TERM !== "dumb");

export const pc = picocolors.createColors(wanted);
