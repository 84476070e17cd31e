import { badRequest } from "../shared/errors.js";

/**
 * How to reach one Kubernetes API server: what a kubeconfig's current context
 * says, reduced to inline data. This is what the control plane seals and
 * stores for a management cluster.
 */
export interface KubeConnection {
  server: string;
  /** PEM of the CA that signs the server's certificate; absent: the system trust store */
  caData?: string;
  tlsServerName?: string;
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
}

const MAX_KUBECONFIG_BYTES = 64 * 1024;

/**
 * Reads a kubeconfig's current context into a connection. Only inline
 * credentials are accepted: a kubeconfig naming files (certificate-authority,
 * client-key, tokenFile), running commands (exec, auth-provider) or sending
 * traffic through a proxy would make the control plane read its own disk, run
 * programs or talk to hosts nobody registered.
 */
export async function parseKubeconfig(text: string): Promise<KubeConnection> {
  // Loaded on use: only registering a management cluster parses YAML.
  const yaml = (await import("js-yaml")).default;
  const bad = (message: string) => badRequest(`kubeconfig: ${message}`, [{ path: "kubeconfig", message }]);
  if (Buffer.byteLength(text) > MAX_KUBECONFIG_BYTES) throw bad(`must be at most ${MAX_KUBECONFIG_BYTES} bytes`);
  let doc: unknown;
  try {
    doc = yaml.load(text, { schema: yaml.CORE_SCHEMA });
  } catch (e) {
    throw bad(`not valid YAML (${(e as Error).message.split("\n")[0]})`);
  }
  if (!isObject(doc)) throw bad("not a kubeconfig document");
  const contexts = namedList(doc.contexts, "context");
  const clusters = namedList(doc.clusters, "cluster");
  const users = namedList(doc.users, "user");
  const current =
    typeof doc["current-context"] === "string" ? doc["current-context"] : contexts.length === 1 ? contexts[0]?.name : undefined;
  if (!current) throw bad("no current-context");
  const ctx = contexts.find((c) => c.name === current)?.value;
  if (!ctx) throw bad(`context ${current} is not defined`);
  const cluster = clusters.find((c) => c.name === ctx.cluster)?.value;
  if (!cluster) throw bad(`cluster ${String(ctx.cluster)} of context ${current} is not defined`);
  const user = users.find((u) => u.name === ctx.user)?.value ?? {};

  for (const k of ["certificate-authority", "proxy-url"])
    if (cluster[k] !== undefined) throw bad(`cluster.${k} is not accepted; use inline data and a direct connection`);
  if (cluster["insecure-skip-tls-verify"] === true) throw bad("insecure-skip-tls-verify is not accepted; give certificate-authority-data");
  for (const k of ["exec", "auth-provider", "tokenFile", "client-certificate", "client-key", "username", "password", "as", "as-groups"]) {
    if (user[k] !== undefined) throw bad(`user.${k} is not accepted; use token or client-certificate-data with client-key-data`);
  }
  const conn = connection({
    server: str(cluster.server),
    caData: decodeB64(cluster["certificate-authority-data"], "certificate-authority-data"),
    tlsServerName: str(cluster["tls-server-name"]),
    token: str(user.token),
    clientCertificateData: decodeB64(user["client-certificate-data"], "client-certificate-data"),
    clientKeyData: decodeB64(user["client-key-data"], "client-key-data"),
  });
  return conn;
}

/** A connection from its parts (server, CA and token given one by one), checked like a kubeconfig. */
export function connection(parts: {
  server?: string | undefined;
  caData?: string | undefined;
  tlsServerName?: string | undefined;
  token?: string | undefined;
  clientCertificateData?: string | undefined;
  clientKeyData?: string | undefined;
}): KubeConnection {
  const bad = (path: string, message: string) => badRequest(`${path}: ${message}`, [{ path, message }]);
  if (!parts.server) throw bad("server", "the API server URL is required");
  let url: URL;
  try {
    url = new URL(parts.server);
  } catch {
    throw bad("server", "not a URL");
  }
  if (url.protocol !== "https:") throw bad("server", "must be an https:// URL");
  const hasCert = parts.clientCertificateData !== undefined || parts.clientKeyData !== undefined;
  if (hasCert && !(parts.clientCertificateData && parts.clientKeyData))
    throw bad("user", "client-certificate-data and client-key-data go together");
  if (!parts.token && !hasCert) throw bad("user", "a token or a client certificate is required");
  const caData = parts.caData ? pem(parts.caData, "caData") : undefined;
  return {
    server: url.toString().replace(/\/$/, ""),
    ...(caData ? { caData } : {}),
    ...(parts.tlsServerName ? { tlsServerName: parts.tlsServerName } : {}),
    ...(parts.token ? { token: parts.token } : {}),
    ...(hasCert ? { clientCertificateData: parts.clientCertificateData, clientKeyData: parts.clientKeyData } : {}),
  };
}

/** Accepts PEM as is, or base64 of PEM (the kubeconfig encoding). */
function pem(value: string, path: string): string {
  if (value.includes("-----BEGIN")) return value;
  const decoded = Buffer.from(value, "base64").toString("utf8");
  if (!decoded.includes("-----BEGIN"))
    throw badRequest(`${path}: not a PEM certificate (or base64 of one)`, [{ path, message: "not PEM" }]);
  return decoded;
}

function decodeB64(v: unknown, what: string): string | undefined {
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v !== "string")
    throw badRequest(`kubeconfig: ${what} must be a base64 string`, [{ path: "kubeconfig", message: `${what} must be a string` }]);
  const s = Buffer.from(v, "base64").toString("utf8");
  if (!s.includes("-----BEGIN"))
    throw badRequest(`kubeconfig: ${what} is not base64 of PEM`, [{ path: "kubeconfig", message: `${what} is not base64 of PEM` }]);
  return s;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v.length > 0 ? v : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function namedList(v: unknown, inner: string): Array<{ name: string; value: Record<string, unknown> }> {
  if (!Array.isArray(v)) return [];
  return v.filter(isObject).map((e) => ({ name: String(e.name), value: isObject(e[inner]) ? e[inner] : {} }));
}
