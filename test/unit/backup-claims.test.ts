import { describe, expect, it } from "vitest";
import { prefixesOverlap, storeOf } from "../../core/backups/bucket-claims.js";
import { normalizePrefix } from "../../core/backups/location-model.js";
import { checkEndpointAllowed, probeFailure } from "../../core/backups/probe.js";

describe("backup location claims", () => {
  it("two prefixes overlap when equal, one inside the other, or either is the whole bucket; siblings do not", () => {
    expect(prefixesOverlap("a/b", "a/b")).toBe(true);
    expect(prefixesOverlap("a/b", "a/b/c")).toBe(true);
    expect(prefixesOverlap("a/b/c", "a")).toBe(true);
    expect(prefixesOverlap(undefined, "a")).toBe(true);
    expect(prefixesOverlap("a", undefined)).toBe(true);
    expect(prefixesOverlap("a/b", "a/bc")).toBe(false);
    expect(prefixesOverlap("team", "teams")).toBe(false);
    expect(prefixesOverlap("x/1", "x/2")).toBe(false);
  });

  it("a prefix is stored without trailing slashes, and an empty one is the whole bucket", () => {
    expect(normalizePrefix("a/b/")).toBe("a/b");
    expect(normalizePrefix("a")).toBe("a");
    expect(normalizePrefix(undefined)).toBeUndefined();
    expect(normalizePrefix(null)).toBeUndefined();
  });

  it("names the store a bucket lives in: AWS S3 however it is spelled, else the endpoint's host, port and path", () => {
    expect(storeOf({})).toBe("aws");
    expect(storeOf({ endpoint: "https://s3.eu-west-1.amazonaws.com" })).toBe("aws");
    expect(storeOf({ endpoint: "https://S3.AMAZONAWS.COM/" })).toBe("aws");
    expect(storeOf({ endpoint: "http://127.0.0.1:4566" })).toBe("127.0.0.1:4566");
    expect(storeOf({ endpoint: "http://127.0.0.1:4566/" })).toBe("127.0.0.1:4566");
    expect(storeOf({ endpoint: "https://minio.example.com" })).toBe("minio.example.com:443");
    expect(storeOf({ endpoint: "http://minio.example.com/s3" })).toBe("minio.example.com:80/s3");
  });

  it("lets locations use only the allowed endpoint hosts when some are listed", () => {
    expect(() => checkEndpointAllowed({ endpoint: "http://127.0.0.1:4566", region: "us-east-1" }, ["127.0.0.1"])).not.toThrow();
    expect(() => checkEndpointAllowed({ endpoint: "https://s3.corp.example", region: "us-east-1" }, [".corp.example"])).not.toThrow();
    expect(() => checkEndpointAllowed({ region: "us-east-1" }, undefined)).not.toThrow();
    expect(() => checkEndpointAllowed({ region: "us-east-1" }, ["127.0.0.1"])).toThrow(/AWS S3 \(s3\.us-east-1\.amazonaws\.com\)/);
    expect(() => checkEndpointAllowed({ endpoint: "https://evilcorp.example", region: "x" }, [".corp.example"])).toThrow(/does not let/);
  });

  it("says why a probe failed: a missing bucket, refused keys, or an endpoint it could not reach", () => {
    const t = { bucket: "b", region: "us-east-1", s3ForcePathStyle: true };
    expect(probeFailure(t, { name: "NoSuchBucket" }).code).toBe("backup-location.bucket-missing");
    expect(probeFailure(t, { name: "SignatureDoesNotMatch" }).code).toBe("backup-location.access-denied");
    expect(probeFailure(t, { name: "Unknown", $metadata: { httpStatusCode: 403 } }).code).toBe("backup-location.access-denied");
    expect(probeFailure(t, { name: "Error", code: "ECONNREFUSED", message: "connect ECONNREFUSED" }).code).toBe(
      "backup-location.unreachable",
    );
    expect(probeFailure(t, { name: "TimeoutError" }).code).toBe("backup-location.unreachable");
  });
});
