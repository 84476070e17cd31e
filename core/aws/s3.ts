import { S3Client } from "@aws-sdk/client-s3";
import { usingLocalEndpoints } from "./clients.js";
import { attachRoundTripCounter } from "./round-trips.js";
import { withoutSdkLogging } from "./sdk-logging.js";

let s3: S3Client | undefined;

/** Path-style addressing against an emulator: bucket subdomains of 127.0.0.1 do not resolve. */
export function s3Client(): S3Client {
  if (!s3) {
    s3 = new S3Client({ forcePathStyle: usingLocalEndpoints(), maxAttempts: 5 });
    attachRoundTripCounter(s3, "S3");
    withoutSdkLogging(s3);
  }
  return s3;
}
