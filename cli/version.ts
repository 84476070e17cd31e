declare const __CKP_CLI_VERSION__: string | undefined;

/** Set at build time (scripts/build-cli.ts); a source checkout reports a dev version. */
export const VERSION: string = typeof __CKP_CLI_VERSION__ === "string" ? __CKP_CLI_VERSION__ : "0.0.0-dev";
