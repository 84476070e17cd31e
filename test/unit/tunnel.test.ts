import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { nodeView } from "../../core/imported/imported.js";
import { TunnelDisconnected } from "../../core/kube/errors.js";
import { isDomainError } from "../../core/shared/errors.js";
import { CLUSTER_AGENT_RELEASE } from "../../core/tunnel/agents.js";
import { agentFrameSchema } from "../../core/tunnel/connections.js";
import {
  BODY_CHUNK_BYTES,
  type BodyFrame,
  MAX_FRAME_BYTES,
  pickHeaders,
  type RequestFrame,
  requestFrames,
  STALE_SECONDS,
} from "../../core/tunnel/frames.js";
import { inspectAgentCertificate } from "../../core/tunnel/identity.js";
import {
  IDENTITY_SECRET,
  IMPORTED_CLUSTER_RULES,
  INSTALLER_RULES,
  MANAGEMENT_CLUSTER_RULES,
  manifestObjects,
} from "../../core/tunnel/manifest.js";
import { agentUri, parseAgentUri, parseSubjectKey, subjectKey, subjectPk, type TunnelSubject } from "../../core/tunnel/model.js";
import { tunnelView } from "../../core/tunnel/state.js";
import { foreignCa, rsaKey } from "../support/pki.js";

const MC: TunnelSubject = { kind: "management", id: "mc_01m8wsfqxa374j90xxswbhjqm9" };
const IC: TunnelSubject = { kind: "imported", domain: "acme", project: "edge", id: "ic_01m8wsfqxa374j90xxswbhjqm9" };

describe("tunnel frames", () => {
  const head = { id: "a".repeat(32), method: "PATCH", path: "/api/v1/namespaces/x", headers: {}, timeoutMs: 15_000, stream: false };

  it("carries a small body in the request frame, and a large one in parts that each fit a frame and rebuild it exactly", () => {
    const small = requestFrames(head, Buffer.from("{}"));
    expect(small).toEqual([{ type: "tunnel.req", ...head, body: Buffer.from("{}").toString("base64") }]);
    const big = Buffer.from(Array.from({ length: 3 * BODY_CHUNK_BYTES + 17 }, (_, i) => i % 251));
    const frames = requestFrames(head, big);
    expect(frames[0]).toMatchObject({ type: "tunnel.req", parts: 4 });
    expect((frames[0] as RequestFrame).body).toBeUndefined();
    for (const f of frames) expect(Buffer.byteLength(JSON.stringify(f))).toBeLessThan(MAX_FRAME_BYTES);
    const parts = frames.slice(1) as BodyFrame[];
    expect(Buffer.concat(parts.map((p) => Buffer.from(p.data, "base64")))).toEqual(big);
  });

  it("answer frames of a full chunk stay under API Gateway's frame limit", () => {
    const body = Buffer.alloc(BODY_CHUNK_BYTES, 0xff).toString("base64");
    const headers = { "content-type": "application/json", "audit-id": "9d6f7a1c-2f0b-4d55-9b55-3b9c9f7f3e51" };
    const frame = { type: "tunnel.res", id: "b".repeat(32), seq: 0, status: 200, headers, body, end: false };
    expect(agentFrameSchema.safeParse(frame).success).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(frame))).toBeLessThan(MAX_FRAME_BYTES);
  });

  it("refuses what an agent may not send: oversized bodies, foreign ids, unknown types or fields", () => {
    const ok = { type: "tunnel.data", id: "c".repeat(32), seq: 1, body: "", end: true };
    expect(agentFrameSchema.safeParse(ok).success).toBe(true);
    const refused = [
      { ...ok, body: Buffer.alloc(BODY_CHUNK_BYTES + 100).toString("base64") },
      { ...ok, id: "../../etc" },
      { ...ok, body: "not base64!" },
      { ...ok, seq: -1 },
      { ...ok, type: "tunnel.req" },
      { ...ok, subject: "mc:mc_01m8wsfqxa374j90xxswbhjqm9" },
      { type: "tunnel.res", id: "c".repeat(32), seq: 1, status: 200, headers: {}, end: true },
    ];
    for (const f of refused) expect(agentFrameSchema.safeParse(f).success, JSON.stringify(f).slice(0, 80)).toBe(false);
  });

  it("forwards only the headers named, never credentials", () => {
    expect(
      pickHeaders({ Accept: "application/json", Authorization: "Bearer x", "Impersonate-User": "admin" }, ["accept", "content-type"]),
    ).toEqual({
      accept: "application/json",
    });
  });
});

describe("tunnel subjects", () => {
  it("name a management cluster or a tenant's imported cluster, and read back", () => {
    for (const s of [MC, IC]) {
      expect(parseSubjectKey(subjectKey(s))).toEqual(s);
      expect(parseAgentUri(agentUri(s))).toEqual(s);
    }
    expect(subjectPk(IC)).toBe(`D#acme#P#edge#IC#${IC.id}`);
    for (const bad of ["mc:x", "ic:acme:edge", "ic:ACME:edge:ic_01m8wsfqxa374j90xxswbhjqm9", `mc:${MC.id}:extra`, "host:h_1"]) {
      expect(parseSubjectKey(bad)).toBeUndefined();
    }
    expect(parseAgentUri(`urn:ckp:host:acme:edge:${IC.id}`)).toBeUndefined();
  });
});

describe("tunnel state", () => {
  const now = new Date("2026-12-03T10:00:00Z");
  const at = (s: number) => new Date(now.getTime() - s * 1000).toISOString();

  it("shows a connected agent that went silent as disconnected since it was last heard from", () => {
    const base = { subject: subjectKey(MC), connectionId: "c1", serial: "ab", since: at(3600), connectedAt: at(3600), version: 3 };
    expect(tunnelView({ ...base, state: "connected", lastSeenAt: at(10) }, now, at(7200))).toMatchObject({ state: "connected" });
    expect(tunnelView({ ...base, state: "connected", lastSeenAt: at(STALE_SECONDS + 1) }, now, at(7200))).toMatchObject({
      state: "disconnected",
      since: at(STALE_SECONDS + 1),
    });
    expect(tunnelView(undefined, now, at(7200))).toEqual({ state: "awaiting-agent", since: at(7200) });
  });

  it("TunnelDisconnected is retryable, says since when, and answers tunnel.disconnected", () => {
    const e = new TunnelDisconnected("management cluster far", at(60));
    expect(e).toMatchObject({ reason: "TunnelDisconnected", code: "tunnel.disconnected", since: at(60) });
    expect(e.message).toBe(`management cluster far: its cluster agent is not connected (disconnected since ${at(60)})`);
    e.message = `Failed to fetch resource metadata: ${e.message}`;
    expect(e.describe()).toBe(`management cluster far: its cluster agent is not connected (disconnected since ${at(60)})`);
  });
});

describe("cluster agent certificates", () => {
  const ca = foreignCa();
  const caCert = new X509Certificate(ca.certPem);
  const key = rsaKey();
  const refusal = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      if (isDomainError(e)) return e.code;
      throw e;
    }
    return "accepted";
  };

  it("names the agent's cluster; a host's certificate, another CA's or an expired one is refused", () => {
    const id = inspectAgentCertificate(caCert, ca.issue({ uri: agentUri(IC), publicKeyPem: key.publicKey }), new Date());
    expect(id).toMatchObject({
      subject: IC,
      serial: expect.stringMatching(/badc0de$/),
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const host = ca.issue({ uri: `urn:ckp:host:acme:edge:host_01m8wsfqxa374j90xxswbhjqm9`, publicKeyPem: key.publicKey });
    expect(refusal(() => inspectAgentCertificate(caCert, host, new Date()))).toBe("cluster-agent.certificate-refused");
    const other = foreignCa().issue({ uri: agentUri(MC), publicKeyPem: key.publicKey });
    expect(refusal(() => inspectAgentCertificate(caCert, other, new Date()))).toBe("cluster-agent.certificate-refused");
    const expired = ca.issue({
      uri: agentUri(MC),
      publicKeyPem: key.publicKey,
      notAfter: new Date(Date.now() - 1000),
      notBefore: new Date(Date.now() - 5000),
    });
    expect(refusal(() => inspectAgentCertificate(caCert, expired, new Date()))).toBe("cluster-agent.certificate-refused");
  });
});

describe("the agent's manifest", () => {
  const input = {
    token: "ckpreg_secret",
    apiUrl: "https://api.example.com",
    caCertificate: "-----BEGIN CERTIFICATE-----\n",
    image: "r/ckp-cluster-agent:1",
  };

  it("grants a management cluster's agent what the control plane does there, no wildcard, Deployments by name only", () => {
    const rules = MANAGEMENT_CLUSTER_RULES;
    for (const r of rules) for (const v of [...r.apiGroups, ...r.resources, ...r.verbs]) expect(v).not.toBe("*");
    const can = (group: string, resource: string, verb: string) =>
      rules.some((r) => r.apiGroups.includes(group) && r.resources.includes(resource) && r.verbs.includes(verb) && !r.resourceNames);
    for (const [g, res] of [
      ["cluster.x-k8s.io", "clusters"],
      ["cluster.x-k8s.io", "machinedeployments"],
      ["controlplane.cluster.x-k8s.io", "kamajicontrolplanes"],
      ["infrastructure.cluster.x-k8s.io", "byohosts"],
      // addons: the saga applies HelmChartProxies and ClusterResourceSets, reads CAAPH's HelmReleaseProxies for health
      ["addons.cluster.x-k8s.io", "helmchartproxies"],
      ["addons.cluster.x-k8s.io", "helmreleaseproxies"],
      ["addons.cluster.x-k8s.io", "clusterresourcesets"],
      ["addons.cluster.x-k8s.io", "clusterresourcesetbindings"],
      ["", "namespaces"],
      ["", "secrets"],
    ] as const) {
      for (const verb of ["get", "list", "create", "patch", "delete"]) expect(can(g, res, verb), `${verb} ${res}.${g}`).toBe(true);
    }
    expect(can("apps", "deployments", "get")).toBe(false);
    expect(can("rbac.authorization.k8s.io", "clusterroles", "create")).toBe(false);
    expect(rules.find((r) => r.resources.includes("deployments"))?.resourceNames).toContain("capi-controller-manager");
  });

  it("gives an imported cluster's agent read access, Velero's namespace by name, and its installer Jobs in its own namespace; never cluster-admin", () => {
    for (const rules of [IMPORTED_CLUSTER_RULES, INSTALLER_RULES])
      for (const r of rules) for (const v of [...r.apiGroups, ...r.resources, ...r.verbs]) expect(v).not.toBe("*");
    // cluster-wide it writes nothing but the addon's namespace, by name
    for (const r of IMPORTED_CLUSTER_RULES)
      if (!r.verbs.every((v) => ["get", "list", "watch"].includes(v)))
        expect(r).toMatchObject({ resources: ["namespaces"], resourceNames: ["velero"] });
    const objects = manifestObjects({ subject: IC, ...input }) as any[];
    const clusterRole = objects.find((o) => o.kind === "ClusterRole");
    expect(clusterRole.rules).toEqual(IMPORTED_CLUSTER_RULES);
    const installs = objects.find((o) => o.kind === "Role" && o.metadata.name === "ckp-addon-installs");
    expect(installs).toMatchObject({ metadata: { namespace: "ckp-system" }, rules: INSTALLER_RULES });
    // cluster-admin is the installer's ServiceAccount's, which only the Jobs run as
    const bindings = objects.filter((o) => o.kind === "ClusterRoleBinding");
    const admin = bindings.filter((b) => b.roleRef.name === "cluster-admin");
    expect(admin.map((b) => b.subjects)).toEqual([[{ kind: "ServiceAccount", name: "ckp-addon-installer", namespace: "ckp-system" }]]);
    expect(bindings.find((b) => b.subjects[0].name === "ckp-cluster-agent").roleRef.name).toBe("ckp-cluster-agent");
    // a management cluster's agent gets none of it
    const mgmt = manifestObjects({ subject: MC, ...input });
    expect(mgmt.map((o) => o.metadata.name)).not.toContain("ckp-addon-installer");
  });

  it("lets the agent touch one Secret of its own (its identity), and keeps the token out of everything but its Secret", () => {
    const objects = manifestObjects({ subject: MC, ...input });
    const own = objects.find((o) => o.kind === "Role") as unknown as { rules: Array<Record<string, unknown>> };
    expect(own.rules).toEqual([
      { apiGroups: [""], resources: ["secrets"], resourceNames: [IDENTITY_SECRET], verbs: ["get", "patch", "update"] },
    ]);
    const holding = objects.filter((o) => JSON.stringify(o).includes(input.token)).map((o) => `${o.kind}/${o.metadata.name}`);
    expect(holding).toEqual(["Secret/ckp-cluster-agent-registration"]);
    const deployment = objects.find((o) => o.kind === "Deployment") as any;
    expect(deployment.spec.template.spec.containers[0].securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
    });
    expect(deployment.spec.template.spec.containers[0].image).toBe(input.image);
  });

  it("is the release this repository builds", () => {
    const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, "../../package.json"), "utf8")) as { version: string };
    expect(CLUSTER_AGENT_RELEASE).toBe(pkg.version);
  });
});

describe("imported cluster nodes", () => {
  it("reads roles from the node-role labels, readiness from the Ready condition, and the kubelet's version", () => {
    expect(
      nodeView({
        apiVersion: "v1",
        kind: "Node",
        metadata: {
          name: "n1",
          labels: { "node-role.kubernetes.io/control-plane": "", "node-role.kubernetes.io/etcd": "", "kubernetes.io/role": "master" },
        },
        status: {
          conditions: [
            { type: "MemoryPressure", status: "False" },
            { type: "Ready", status: "True" },
          ],
          nodeInfo: { kubeletVersion: "v1.31.2" },
        },
      }),
    ).toEqual({ name: "n1", roles: ["control-plane", "etcd", "master"], ready: true, kubeletVersion: "v1.31.2" });
    expect(nodeView({ apiVersion: "v1", kind: "Node", metadata: { name: "n2" } })).toEqual({ name: "n2", roles: [], ready: false });
  });
});
