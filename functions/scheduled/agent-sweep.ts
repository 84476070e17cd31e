import { Logger } from "@aws-lambda-powertools/logger";
import { sweepUnreachableHosts } from "../../core/agents/status.js";
import { runtimeDeps } from "../shared/runtime.js";

const logger = new Logger({ serviceName: "ckp-agent-sweep" });

/** Seconds without a heartbeat after which a host's agent is unreachable. */
export function heartbeatTimeoutSeconds(): number {
  const v = Number(process.env.CKP_AGENT_HEARTBEAT_TIMEOUT_SECONDS);
  return Number.isFinite(v) && v > 0 ? v : 90;
}

/** Scheduled sweep (EventBridge on AWS, an interval in the dev runner): silent hosts become unreachable. */
export async function handler(): Promise<{ marked: number }> {
  const marked = await sweepUnreachableHosts(runtimeDeps(), { timeoutSeconds: heartbeatTimeoutSeconds() });
  if (marked > 0) logger.info("hosts unreachable", { marked });
  return { marked };
}
