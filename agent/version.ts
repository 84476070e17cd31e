declare const __CKP_AGENT_VERSION__: string | undefined;
declare const __CKP_AGENT_BUNDLED__: boolean | undefined;

/** Set at build time (scripts/build-agent.ts); a source checkout reports a dev version. */
export const VERSION: string = typeof __CKP_AGENT_VERSION__ === "string" ? __CKP_AGENT_VERSION__ : "0.0.0-dev";

/** True in the single-file build: only that file is swapped in place by an upgrade. */
export const BUNDLED: boolean = typeof __CKP_AGENT_BUNDLED__ === "boolean" ? __CKP_AGENT_BUNDLED__ : false;
