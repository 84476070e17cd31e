/**
 * npx tsx scripts/local-stack/cli.ts up [--persist DIR] [--dynamodb-port N] [--aws-port N]
 *   Ensures the stack, prints `export ...` lines for the endpoints, stays in the foreground until
 *   Ctrl-C / SIGTERM, then stops what it started.
 * npx tsx scripts/local-stack/cli.ts status
 *   Prints what answers where.
 */
import { parseArgs } from "node:util";
import { ensureLocalStack, isDynamoDbHealthy, localStackServices, resolveEndpoints, TEST_CREDENTIALS, TEST_REGION } from "./stack.js";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    persist: { type: "string" },
    "dynamodb-port": { type: "string" },
    "aws-port": { type: "string" },
  },
});
const ports = {
  dynamodbPort: values["dynamodb-port"] ? Number(values["dynamodb-port"]) : undefined,
  awsPort: values["aws-port"] ? Number(values["aws-port"]) : undefined,
};

async function up(): Promise<void> {
  const stack = await ensureLocalStack({ ...ports, persistDir: values.persist });
  const { dynamodb, aws } = stack.endpoints;
  console.log(
    [
      `export AWS_ENDPOINT_URL=${aws}`,
      `export AWS_ENDPOINT_URL_DYNAMODB=${dynamodb}`,
      `export AWS_REGION=${TEST_REGION}`,
      `export AWS_ACCESS_KEY_ID=${TEST_CREDENTIALS.accessKeyId}`,
      `export AWS_SECRET_ACCESS_KEY=${TEST_CREDENTIALS.secretAccessKey}`,
    ].join("\n"),
  );
  console.error(
    stack.started.length
      ? `[local-stack] started ${stack.started.join(", ")}; Ctrl-C to stop`
      : "[local-stack] everything was already running; nothing to stop on Ctrl-C",
  );
  const keepAlive = setInterval(() => {}, 1 << 30);
  await new Promise<void>((done) => {
    process.once("SIGINT", done);
    process.once("SIGTERM", done);
  });
  clearInterval(keepAlive);
  console.error("[local-stack] stopping ...");
  await stack.stop();
}

async function status(): Promise<void> {
  const ep = resolveEndpoints(ports);
  const src = (fromEnv: boolean) => (fromEnv ? "from environment" : "default");
  const ddb = await isDynamoDbHealthy(ep.dynamodb);
  console.log(`dynamodb  ${ep.dynamodb} (${src(ep.dynamodbFromEnv)}): ${ddb ? "healthy (ListTables ok)" : "not answering"}`);
  const services = await localStackServices(ep.aws);
  const detail = services
    ? Object.entries(services)
        .filter(([, state]) => state !== "disabled")
        .map(([name, state]) => `${name}=${state}`)
        .join(" ") || "no services enabled"
    : "not answering /_localstack/health";
  console.log(`sqs+s3    ${ep.aws} (${src(ep.awsFromEnv)}): ${detail}`);
  if (!ddb || !services) process.exitCode = 1;
}

const command = positionals[0];
if (command === "up") await up();
else if (command === "status") await status();
else {
  console.error("usage: cli.ts up [--persist DIR] [--dynamodb-port N] [--aws-port N] | status");
  process.exitCode = 2;
}
