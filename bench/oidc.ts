import { loadavg } from "node:os";
import { calculateJwkThumbprint, createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from "jose";
import type { IdpVerifier } from "../core/identity/model.js";
import { verifyIdpToken } from "../core/identity/verify.js";
import { deleteResources } from "../scripts/dev/bootstrap.js";
import { ensureLocalStack } from "../scripts/local-stack/stack.js";
import { IDP_CLIENTS, spawnOidcIdp } from "../test/doubles/oidc-idp.js";
import { Api } from "../test/support/api.js";
import { startDevServer } from "../test/support/dev-server.js";
import { signIn } from "../test/support/oidc-client.js";
import { machineLine } from "./machine.js";
import { writeSection } from "./results-file.js";
import { round, type Summary, summarize, timed } from "./stats.js";

/**
 * Issue 24: what a person's IdP token costs a request, next to a platform
 * token. Same server, same read (`GET …/host-groups`), one after the other:
 *   ckp token          — GetItem of the token (cached 15 s per process);
 *   IdP token, 1 group — the issuer's IdP configurations (Query) and the
 *                        grants of the bound group (BatchGetItem), keys cached;
 *   IdP token, 50 groups, one of them bound.
 * Also: the first IdP token a fresh server sees (loads the JOSE code, fetches
 * discovery and JWKS), and the signature and claim checks alone, in-process.
 */
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);

function tripsOf(res: Response): string {
  return res.headers.get("x-ckp-round-trip-detail") ?? "none";
}

interface Measured {
  latency: Summary;
  trips: string;
}

/**
 * The bearers' requests interleaved (request i uses bearer i mod n), so each
 * sees the same load on a shared machine; latencies are kept per bearer.
 */
async function interleaved(base: string, path: string, tokens: string[]): Promise<{ results: Measured[]; perSec: number }> {
  const latencies = tokens.map(() => [] as number[]);
  const trips = tokens.map(() => new Map<string, number>());
  for (const token of tokens) {
    const warm = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (warm.status !== 200) throw new Error(`${path}: ${warm.status} ${await warm.text()}`);
  }
  const total = REQUESTS * tokens.length;
  const r = await timed(total, CONCURRENCY, async (i) => {
    const k = i % tokens.length;
    const t0 = performance.now();
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${tokens[k]}` } });
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    await res.arrayBuffer();
    (latencies[k] as number[]).push(performance.now() - t0);
    const t = tripsOf(res);
    const m = trips[k] as Map<string, number>;
    m.set(t, (m.get(t) ?? 0) + 1);
  });
  return {
    perSec: round(total / (r.wallMs / 1000), 1),
    results: tokens.map((_, k) => ({
      latency: summarize(latencies[k] as number[]),
      trips: ([...(trips[k] as Map<string, number>).entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "none")
        .replaceAll("=", " ×")
        .replaceAll(",", ", "),
    })),
  };
}

async function verifyAlone(): Promise<Summary> {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  const keys = createLocalJWKSet({ keys: [{ ...jwk, kid, alg: "RS256" }] });
  const idp: IdpVerifier = {
    ref: "corp",
    issuer: "https://idp.example",
    audiences: ["ckp-console"],
    claims: { user: "sub", groups: "groups", name: "name", email: "email" },
    clockSkewSeconds: 30,
  };
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ iss: idp.issuer, sub: "bob", aud: "ckp-console", exp: now + 600, groups: ["acme-ops"] })
    .setProtectedHeader({ alg: "RS256", kid })
    .sign(privateKey);
  const samples: number[] = [];
  for (let i = 0; i < 2_000; i++) {
    const t0 = performance.now();
    await verifyIdpToken(token, [idp], keys, new Date());
    if (i >= 200) samples.push(performance.now() - t0);
  }
  return summarize(samples);
}

export async function runOidcBench(): Promise<void> {
  const alone = await verifyAlone();
  await ensureLocalStack();
  const idp = await spawnOidcIdp({ tokenTtlSeconds: 3600 });
  const server = await startDevServer({ env: { CKP_COUNT_ROUND_TRIPS: "1" } });
  try {
    const admin = new Api(server.url, server.adminToken);
    const domain = `bench-${Date.now().toString(36)}`;
    await admin.post("/v1/domains", { name: domain });
    await admin.post(`/v1/domains/${domain}/projects`, { name: "p" });
    const path = `/v1/domains/${domain}/projects/p/host-groups`;
    const ckp = (await admin.post("/v1/tokens", { name: "bench", role: "viewer", domain, project: "p" })).body.token as string;
    const created = await admin.post("/v1/identity-providers", { name: "corp", issuer: idp.issuer, clientId: IDP_CLIENTS.console });
    if (created.status !== 201) throw new Error(created.text);
    await admin.post(`/v1/domains/${domain}/projects/p/role-bindings`, { identityProvider: "corp", group: "acme-ops", role: "viewer" });
    const sign = async () =>
      (
        await signIn(idp.issuer, {
          user: "bob",
          password: "bob-password",
          clientId: IDP_CLIENTS.console,
          redirectUri: idp.consoleRedirectUri,
        })
      ).idToken;
    const oneGroup = await sign();
    const t0 = performance.now();
    const first = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${oneGroup}` } });
    const firstMs = round(performance.now() - t0);
    if (first.status !== 200) throw new Error(`first: ${first.status}`);
    await idp.setGroups("bob", ["acme-ops", ...Array.from({ length: 49 }, (_, i) => `team-${i}`)]);
    const fiftyGroups = await sign();

    console.log(`${REQUESTS} requests per bearer, interleaved…`);
    const loadBefore = round(loadavg()[0] ?? 0, 2);
    const { results, perSec } = await interleaved(server.url, path, [ckp, oneGroup, fiftyGroups]);
    const loadAfter = round(loadavg()[0] ?? 0, 2);
    const [a, b, c] = results as [Measured, Measured, Measured];
    const row = (what: string, r: Measured) => `| ${what} | ${REQUESTS} | ${r.latency.p50} | ${r.latency.p99} | ${r.trips} |`;
    writeSection(
      "oidc",
      `## Sign-in tokens: an IdP token's cost per request (issue 24)

Run ${new Date().toISOString().slice(0, 10)} on ${machineLine()}; local stack (DynamoDB Local, LocalStack), control plane via \`npm run dev\`'s program, the test IdP (oidc-provider) in its own process, HTTP over loopback, ${CONCURRENCY} concurrent clients. The same read (\`GET …/host-groups\`, one Query) with each kind of bearer, the three interleaved request by request (so they share whatever else the machine is doing), after one untimed request each; ${perSec} requests/s in all. Load average (1 min) ${loadBefore} → ${loadAfter} on the machine's cores: compare the rows with each other, not with other sections' absolute figures.

| bearer | requests | p50 ms | p99 ms | AWS round trips per request |
| --- | ---: | ---: | ---: | --- |
${row("platform token (`ckp_…`, cached 15 s)", a)}
${row("IdP ID token, 1 group", b)}
${row("IdP ID token, 50 groups (1 bound)", c)}

- The first IdP token a fresh server saw took ${firstMs} ms (loading the JOSE code, fetching the discovery document and the JWKS from the IdP, then the request).
- Signature (RS256) and claim checks alone, in-process with a cached key: p50 ${alone.p50} ms, p99 ${alone.p99} ms over ${alone.n} tokens.
- An IdP token adds consistent reads to every request: the issuer's IdP configurations (Query), which also say which groups and users hold any binding, and the grants of just those of the person's (BatchGetItem) — so 49 unbound groups in the token cost nothing. Nothing about permissions is cached: a removed binding counts on the next request.`,
    );
  } finally {
    await server.stop();
    await idp.stop();
    await deleteResources(server.stage).catch(() => undefined);
  }
}
