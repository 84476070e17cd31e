import { type FormEvent, useMemo, useRef, useState } from "react";
import { Link, useLocation, useSearch } from "wouter";
import { api, asProblem, fieldProblem, itemsOf, type Schemas } from "../api/client";
import type { paths } from "../api/schema.gen";
import { useCan } from "../auth";
import { SimulationBadge } from "../ui/badges";
import { DNS_LABEL_PATTERN, Field, parsePairs } from "../ui/form";
import { PageHeader } from "../ui/layout";
import { refreshAll } from "../ui/mutation";
import { ProblemAlert } from "../ui/problem";
import { useTenant } from "../ui/scope";
import { AUTOSCALING_PROVIDER } from "./cluster-autoscaling";
import { TemplateClusterForm } from "./cluster-wizard-template";

type Cni = "cilium" | "calico" | "flannel";
type Body = paths["/v1/domains/{domain}/projects/{project}/clusters"]["post"]["requestBody"]["content"]["application/json"];

const STEPS = ["Cluster", "Workers", "Network", "Options", "Review"] as const;

/** Which wizard step holds the field a server error names (errors[].path). */
function stepOf(path: string): number {
  if (/^(name|description|kubernetesVersion|cni)/.test(path)) return 0;
  if (/^(providerCluster|hostGroup|workers|machines|addons\.karpenter)/.test(path)) return 1;
  if (/^(network|controlPlaneEndpoint)/.test(path)) return 2;
  if (/^(extraArgs|labels|annotations|imageRegistry)/.test(path)) return 3;
  return 4;
}

interface Form {
  name: string;
  description: string;
  kubernetesVersion: string;
  cni: Cni;
  providerCluster: string;
  hostGroup: string;
  workers: string;
  os: "ubuntu-20.04" | "rhel-9";
  arch: "amd64" | "arm64";
  vipHost: string;
  vipPort: string;
  podCidr: string;
  serviceCidr: string;
  nodeCidr: string;
  kubelet: string;
  apiServer: string;
  controllerManager: string;
  scheduler: string;
  labels: string;
  annotations: string;
  registryType: "default" | "private" | "public";
  registryUrl: string;
  registryUser: string;
  registryPassword: string;
  registryCa: string;
}

const INITIAL: Form = {
  name: "",
  description: "",
  kubernetesVersion: "",
  cni: "cilium",
  providerCluster: "",
  hostGroup: "",
  workers: "2",
  os: "ubuntu-20.04",
  arch: "amd64",
  vipHost: "",
  vipPort: "6443",
  podCidr: "10.244.0.0/16",
  serviceCidr: "10.96.0.0/12",
  nodeCidr: "",
  kubelet: "",
  apiServer: "",
  controllerManager: "",
  scheduler: "",
  registryType: "default",
  registryUrl: "",
  registryUser: "",
  registryPassword: "",
  registryCa: "",
  labels: "",
  annotations: "",
};

/**
 * The guided create (product §6.1): version from the compatibility matrix (the
 * CNI's version shown, not typed), CNI, host group with its free hosts,
 * worker count, control-plane VIP, networks, extra args and labels; then
 * review and create. The server's refusals land on the field they name.
 */
export function ClusterWizard() {
  const t = useTenant();
  const search = new URLSearchParams(useSearch());
  const readDomain = useCan("read", { domain: t.domain });
  // domain and platform admins may still send a full spec when the domain requires templates
  const bypass = useCan("admin", { domain: t.domain });
  const domain = api.useQuery("get", "/v1/domains/{domain}", { params: { path: { domain: t.domain } } }, { enabled: readDomain });
  const [mode, setMode] = useState<"template" | "spec">(search.get("from") === "template" ? "template" : "spec");
  const [refused, setRefused] = useState(false);
  const required = domain.data?.requireClusterTemplates === true || refused;
  const onlyTemplates = required && !bypass;
  const shown = onlyTemplates ? "template" : mode;
  return (
    <section>
      <PageHeader title="Create a cluster" />
      {onlyTemplates ? (
        <p className="note" role="note">
          The domain {t.domain} requires cluster templates: clusters in its projects are created from a template offered to the project.
        </p>
      ) : (
        <fieldset className="mode-choice" aria-label="How to create the cluster">
          <label className="check">
            <input type="radio" name="mode" checked={shown === "template"} onChange={() => setMode("template")} /> From a template
          </label>
          <label className="check">
            <input type="radio" name="mode" checked={shown === "spec"} onChange={() => setMode("spec")} /> Full spec
          </label>
          {required && (
            <span className="muted small">The domain requires templates; as a domain admin you may still send a full spec.</span>
          )}
        </fieldset>
      )}
      {shown === "template" ? (
        <TemplateClusterForm preselect={search.get("template") ?? undefined} />
      ) : (
        <FullSpecWizard onTemplateRequired={() => setRefused(true)} />
      )}
    </section>
  );
}

/** The registry part of the body: nothing for the default, the password only when a username goes with it. */
function registryBody(f: Form): { imageRegistry?: NonNullable<Extract<Body, { providerCluster: string }>["imageRegistry"]> } {
  const credentials = f.registryUser ? { credentials: { username: f.registryUser, password: f.registryPassword } } : {};
  if (f.registryType === "private")
    return { imageRegistry: { type: "private", url: f.registryUrl, ...credentials, ...(f.registryCa ? { caBundle: f.registryCa } : {}) } };
  if (f.registryType === "public")
    return {
      imageRegistry: { type: "public", url: f.registryUrl, credentials: { username: f.registryUser, password: f.registryPassword } },
    };
  return {};
}

/** The full spec, step by step; a 403 cluster.template-required sends the user to the template form. */
function FullSpecWizard({ onTemplateRequired }: { onTemplateRequired: () => void }) {
  const t = useTenant();
  const [, navigate] = useLocation();
  const [step, setStep] = useState(0);
  const [f, setF] = useState<Form>(INITIAL);
  const [velero, setVelero] = useState(false);
  const [autoscaling, setAutoscaling] = useState({ on: false, min: "1", max: "10" });
  const formRef = useRef<HTMLFormElement>(null);
  const versions = api.useQuery("get", "/v1/kubernetes-versions");
  const groups = api.useQuery("get", "/v1/domains/{domain}/projects/{project}/host-groups", {
    params: { path: t.path, query: { limit: 500 } },
  });
  const hosts = api.useQuery(
    "get",
    "/v1/domains/{domain}/projects/{project}/hosts",
    { params: { path: t.path, query: { status: "create-completed", limit: 500 } } },
    { refetchInterval: 5_000 },
  );
  const projectProviders = api.useQuery("get", "/v1/domains/{domain}/projects/{project}/provider-clusters", {
    params: { path: t.path, query: { limit: 200 } },
  });
  const domainProviders = api.useQuery("get", "/v1/domains/{domain}/provider-clusters", {
    params: { path: { domain: t.domain }, query: { scope: "domain", limit: 200 } },
  });
  const create = api.useMutation("post", "/v1/domains/{domain}/projects/{project}/clusters", { onSuccess: () => refreshAll() });

  const matrix = itemsOf(versions.data);
  const latest = matrix.find((v) => v.status === "latest") ?? matrix.at(-1);
  const version = matrix.find((v) => v.version === (f.kubernetesVersion || latest?.version));
  const providers: Schemas["ProviderCluster"][] = [...itemsOf(projectProviders.data), ...itemsOf(domainProviders.data)];
  const freeByGroup = useMemo(() => {
    const m = new Map<string, number>();
    for (const h of itemsOf(hosts.data)) if (h.group && !h.clusterId) m.set(h.group, (m.get(h.group) ?? 0) + 1);
    return m;
  }, [hosts.data]);
  const providerName = f.providerCluster || providers[0]?.name || "";
  // Karpenter needs machines made on demand: only a CCS VM provider cluster (docs/autoscaling.md)
  const canAutoscale = providers.find((p) => p.name === providerName)?.type === AUTOSCALING_PROVIDER;
  const karpenter = canAutoscale && autoscaling.on;
  const groupName = f.hostGroup || itemsOf(groups.data)[0]?.name || "";
  const free = freeByGroup.get(groupName) ?? 0;
  const workers = Number(f.workers) || 0;

  const set =
    <K extends keyof Form>(k: K) =>
    (e: { target: { value: string } }) =>
      setF((x) => ({ ...x, [k]: e.target.value as Form[K] }));
  const serverError = (path: string) => fieldProblem(create.error, path);

  const pairs = {
    kubelet: parsePairs(f.kubelet),
    apiServer: parsePairs(f.apiServer),
    controllerManager: parsePairs(f.controllerManager),
    scheduler: parsePairs(f.scheduler),
    labels: parsePairs(f.labels),
    annotations: parsePairs(f.annotations),
  };
  const pairErrors = Object.values(pairs).some((p) => p.error);

  const body = (): Body => ({
    name: f.name,
    ...(f.description ? { description: f.description } : {}),
    kubernetesVersion: version?.version ?? f.kubernetesVersion,
    cni: { name: f.cni },
    providerCluster: providerName,
    hostGroup: groupName,
    workers,
    machines: { os: f.os, arch: f.arch },
    ...(f.vipHost ? { controlPlaneEndpoint: { host: f.vipHost, port: Number(f.vipPort) || 6443 } } : {}),
    network: { podCidr: f.podCidr, serviceCidr: f.serviceCidr, ...(f.nodeCidr ? { nodeCidr: f.nodeCidr } : {}) },
    extraArgs: {
      kubelet: pairs.kubelet.value,
      apiServer: pairs.apiServer.value,
      controllerManager: pairs.controllerManager.value,
      scheduler: pairs.scheduler.value,
    },
    labels: pairs.labels.value,
    annotations: pairs.annotations.value,
    ...registryBody(f),
    ...(velero || karpenter
      ? {
          addons: {
            ...(velero ? { velero: { enabled: true } } : {}),
            ...(karpenter
              ? {
                  karpenter: {
                    enabled: true,
                    values: { minWorkers: Number(autoscaling.min), maxWorkers: Number(autoscaling.max), logLevel: "info" as const },
                  },
                }
              : {}),
          },
        }
      : {}),
  });

  const next = (e: FormEvent) => {
    e.preventDefault();
    if (!formRef.current?.reportValidity()) return;
    if (step < STEPS.length - 1) {
      setStep(step + 1);
      return;
    }
    create.mutate(
      { params: { path: t.path }, body: body() },
      {
        // without dryRun the answer is the cluster (a plan has no id)
        onSuccess: (c) => {
          if ("id" in c) navigate(`${t.href}/clusters/${c.id}`);
        },
        onError: (err) => {
          if (asProblem(err).code === "cluster.template-required") onTemplateRequired();
          // back to the first step holding a field the server refused
          const paths = asProblem(err).errors?.map((x) => x.path) ?? [];
          const first = Math.min(...paths.map(stepOf), 4);
          setStep(first);
        },
      },
    );
  };

  // the choices come from the server: nothing to choose from until they are read
  const loading = versions.isPending || groups.isPending || projectProviders.isPending || domainProviders.isPending;
  const reviewErrors = asProblem(create.error).errors?.filter((x) => stepOf(x.path) === 4) ?? [];
  return (
    <>
      <ol className="stepper" aria-label="Steps">
        {STEPS.map((s, i) => (
          <li key={s} aria-current={i === step ? "step" : undefined} className={i < step ? "done" : ""}>
            {i < step ? (
              <button type="button" className="link" onClick={() => setStep(i)}>
                {i + 1}. {s}
              </button>
            ) : (
              <span>
                {i + 1}. {s}
              </span>
            )}
          </li>
        ))}
      </ol>
      <form
        ref={formRef}
        className="card form-grid wizard"
        onSubmit={next}
        aria-label={`Step ${step + 1} of ${STEPS.length}: ${STEPS[step]}`}
        noValidate={false}
      >
        {step === 0 && (
          <>
            <h2>Cluster</h2>
            <Field label="Name" hint="a DNS label: lowercase letters, digits and -" error={serverError("name")}>
              {(p) => <input {...p} required pattern={DNS_LABEL_PATTERN} maxLength={63} value={f.name} onChange={set("name")} />}
            </Field>
            <Field label="Description (optional)" error={serverError("description")}>
              {(p) => <input {...p} maxLength={1000} value={f.description} onChange={set("description")} />}
            </Field>
            <Field label="Kubernetes version" hint="from the compatibility matrix" error={serverError("kubernetesVersion")}>
              {(p) => (
                <select {...p} required value={version?.version ?? ""} onChange={set("kubernetesVersion")}>
                  {matrix.map((v) => (
                    <option key={v.version} value={v.version}>
                      {v.version}
                      {v.status === "latest" ? " (latest)" : ""}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {version && (
              <p className="muted small" aria-live="polite">
                etcd {version.etcd} · CoreDNS {version.coredns} · containerd {version.containerd} ·{" "}
                {version.cncfCertified ? "CNCF certified" : "not CNCF certified"}
              </p>
            )}
            <fieldset>
              <legend>Network plugin (CNI)</legend>
              {(["cilium", "calico", "flannel"] as const).map((c) => (
                <label key={c} className="check">
                  <input type="radio" name="cni" value={c} checked={f.cni === c} onChange={() => setF((x) => ({ ...x, cni: c }))} /> {c}{" "}
                  <span className="muted">{version ? version.cni[c] : ""}</span>
                  {c === "cilium" && <span className="muted small"> (default)</span>}
                </label>
              ))}
            </fieldset>
          </>
        )}
        {step === 1 && (
          <>
            <h2>Workers</h2>
            <Field
              label="Provider cluster"
              hint="provides machines when the group has too few free hosts"
              error={serverError("providerCluster")}
            >
              {(p) => (
                <select {...p} required value={providerName} onChange={set("providerCluster")}>
                  {providers.length === 0 && <option value="">none: ask a domain admin for one</option>}
                  {providers.map((pc) => (
                    <option key={`${pc.scope}/${pc.name}`} value={pc.name}>
                      {pc.name} ({pc.type}, {pc.scope}){pc.description?.startsWith("Simulation:") ? " — simulation" : ""}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {providers.find((p) => p.name === providerName) && (
              <SimulationBadge of={providers.find((p) => p.name === providerName) ?? {}} />
            )}
            <Field label="Host group" error={serverError("hostGroup")}>
              {(p) => (
                <select {...p} required value={groupName} onChange={set("hostGroup")}>
                  {itemsOf(groups.data).length === 0 && <option value="">no group: create one under Host groups</option>}
                  {itemsOf(groups.data).map((g) => (
                    <option key={g.name} value={g.name}>
                      {g.name} — {freeByGroup.get(g.name) ?? 0} free of {g.hostCount}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field
              label="Workers"
              error={serverError("workers")}
              hint={
                workers > free
                  ? `${free} free host(s) in ${groupName || "the group"}: the provider cluster creates ${workers - free} machine(s)`
                  : `${free} free host(s) in ${groupName || "the group"}: enough`
              }
            >
              {(p) => <input {...p} type="number" required min={1} max={500} value={f.workers} onChange={set("workers")} />}
            </Field>
            {canAutoscale && (
              <fieldset>
                <legend>Autoscaling</legend>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={autoscaling.on}
                    onChange={(e) => setAutoscaling((a) => ({ ...a, on: e.target.checked }))}
                  />{" "}
                  Autoscaling (Karpenter): add and remove workers as pods need them
                </label>
                {autoscaling.on && (
                  <>
                    <Field label="Minimum workers" error={serverError("addons.karpenter.values.minWorkers")}>
                      {(p) => (
                        <input
                          {...p}
                          type="number"
                          required
                          min={0}
                          max={500}
                          value={autoscaling.min}
                          onChange={(e) => setAutoscaling((a) => ({ ...a, min: e.target.value }))}
                        />
                      )}
                    </Field>
                    <Field label="Maximum workers" error={serverError("addons.karpenter.values.maxWorkers")}>
                      {(p) => (
                        <input
                          {...p}
                          type="number"
                          required
                          min={1}
                          max={500}
                          value={autoscaling.max}
                          onChange={(e) => setAutoscaling((a) => ({ ...a, max: e.target.value }))}
                        />
                      )}
                    </Field>
                  </>
                )}
              </fieldset>
            )}
            {workers > free && (
              <fieldset>
                <legend>Machines the provider creates</legend>
                <Field label="Operating system" error={serverError("machines.os")}>
                  {(p) => (
                    <select {...p} value={f.os} onChange={set("os")}>
                      <option value="ubuntu-20.04">Ubuntu 20.04</option>
                      <option value="rhel-9">RHEL 9</option>
                    </select>
                  )}
                </Field>
                <Field label="Architecture" error={serverError("machines.arch")}>
                  {(p) => (
                    <select {...p} value={f.arch} onChange={set("arch")}>
                      <option value="amd64">amd64</option>
                      <option value="arm64">arm64</option>
                    </select>
                  )}
                </Field>
              </fieldset>
            )}
          </>
        )}
        {step === 2 && (
          <>
            <h2>Network</h2>
            <Field
              label="Control-plane endpoint (VIP)"
              hint="the address the API server is reached at; optional"
              error={serverError("controlPlaneEndpoint.host") ?? serverError("controlPlaneEndpoint")}
            >
              {(p) => <input {...p} value={f.vipHost} placeholder="192.168.10.100" onChange={set("vipHost")} />}
            </Field>
            <Field label="Control-plane port" error={serverError("controlPlaneEndpoint.port")}>
              {(p) => <input {...p} type="number" min={1} max={65535} value={f.vipPort} onChange={set("vipPort")} />}
            </Field>
            <Field label="Pod network (CIDR)" error={serverError("network.podCidr")}>
              {(p) => <input {...p} required value={f.podCidr} onChange={set("podCidr")} />}
            </Field>
            <Field label="Service network (CIDR)" error={serverError("network.serviceCidr")}>
              {(p) => <input {...p} required value={f.serviceCidr} onChange={set("serviceCidr")} />}
            </Field>
            <Field
              label="Node network (CIDR, optional)"
              hint="the hosts' network; the ranges above must not overlap it"
              error={serverError("network.nodeCidr")}
            >
              {(p) => <input {...p} value={f.nodeCidr} placeholder="192.168.10.0/24" onChange={set("nodeCidr")} />}
            </Field>
          </>
        )}
        {step === 3 && (
          <>
            <h2>Options</h2>
            <p className="muted">Flags without dashes, one key=value per line. Flags the control plane sets itself are refused.</p>
            {(
              [
                ["kubelet", "kubelet"],
                ["apiServer", "API server"],
                ["controllerManager", "controller manager"],
                ["scheduler", "scheduler"],
              ] as const
            ).map(([k, label]) => (
              <Field key={k} label={`Extra args: ${label}`} error={pairs[k].error ?? serverError(`extraArgs.${k}`)}>
                {(p) => (
                  <textarea
                    {...p}
                    rows={2}
                    className="mono"
                    value={f[k]}
                    placeholder={k === "kubelet" ? "max-pods=150" : ""}
                    onChange={set(k)}
                  />
                )}
              </Field>
            ))}
            <Field label="Labels" error={pairs.labels.error ?? serverError("labels")}>
              {(p) => <textarea {...p} rows={2} className="mono" value={f.labels} placeholder="env=prod" onChange={set("labels")} />}
            </Field>
            <Field label="Annotations" error={pairs.annotations.error ?? serverError("annotations")}>
              {(p) => <textarea {...p} rows={2} className="mono" value={f.annotations} onChange={set("annotations")} />}
            </Field>
            <label className="check">
              <input type="checkbox" checked={velero} onChange={(e) => setVelero(e.target.checked)} /> Backups with Velero (to the project's
              backup locations)
            </label>
            <fieldset>
              <legend>Image registry</legend>
              <Field
                label="Registry"
                hint="where every component image and addon chart is pulled from"
                error={serverError("imageRegistry.type") ?? serverError("imageRegistry")}
              >
                {(p) => (
                  <select {...p} value={f.registryType} onChange={set("registryType")}>
                    <option value="default">the installation's default</option>
                    <option value="private">a private registry</option>
                    <option value="public">a public registry, with an account</option>
                  </select>
                )}
              </Field>
              {f.registryType !== "default" && (
                <>
                  <Field label="URL" hint="host[:port][/path], without https://" error={serverError("imageRegistry.url")}>
                    {(p) => (
                      <input
                        {...p}
                        required
                        value={f.registryUrl}
                        placeholder="registry.corp.example:5000/ckp"
                        onChange={set("registryUrl")}
                      />
                    )}
                  </Field>
                  <Field
                    label={f.registryType === "public" ? "Username" : "Username (optional)"}
                    error={serverError("imageRegistry.credentials.username") ?? serverError("imageRegistry.credentials")}
                  >
                    {(p) => (
                      <input
                        {...p}
                        required={f.registryType === "public"}
                        value={f.registryUser}
                        autoComplete="off"
                        onChange={set("registryUser")}
                      />
                    )}
                  </Field>
                  <Field
                    label="Password"
                    hint="sealed by the control plane; never shown again"
                    error={serverError("imageRegistry.credentials.password")}
                  >
                    {(p) => (
                      <input
                        {...p}
                        type="password"
                        required={f.registryType === "public" || !!f.registryUser}
                        value={f.registryPassword}
                        autoComplete="new-password"
                        onChange={set("registryPassword")}
                      />
                    )}
                  </Field>
                  {f.registryType === "private" && (
                    <Field label="CA bundle (PEM, optional)" error={serverError("imageRegistry.caBundle")}>
                      {(p) => (
                        <textarea
                          {...p}
                          rows={3}
                          className="mono"
                          value={f.registryCa}
                          placeholder="-----BEGIN CERTIFICATE-----"
                          onChange={set("registryCa")}
                        />
                      )}
                    </Field>
                  )}
                </>
              )}
            </fieldset>
          </>
        )}
        {step === 4 && (
          <>
            <h2>Review</h2>
            <dl className="facts">
              <dt>Name</dt>
              <dd>{f.name}</dd>
              <dt>Kubernetes</dt>
              <dd>{version?.version}</dd>
              <dt>CNI</dt>
              <dd>
                {f.cni} {version?.cni[f.cni]}
              </dd>
              <dt>Workers</dt>
              <dd>
                {workers} from {groupName} ({free} free
                {workers > free ? `; ${workers - free} new ${f.os}/${f.arch} machine(s) from ${providerName}` : ""})
              </dd>
              <dt>Provider cluster</dt>
              <dd>{providerName}</dd>
              <dt>Control plane</dt>
              <dd>{f.vipHost ? `${f.vipHost}:${f.vipPort}` : "no fixed endpoint"}</dd>
              <dt>Networks</dt>
              <dd>
                pods {f.podCidr}, services {f.serviceCidr}
                {f.nodeCidr ? `, nodes ${f.nodeCidr}` : ""}
              </dd>
              <dt>Autoscaling</dt>
              <dd>{karpenter ? `Karpenter, ${autoscaling.min} to ${autoscaling.max} workers` : "none"}</dd>
              <dt>Backups</dt>
              <dd>{velero ? "Velero" : "none"}</dd>
              <dt>Image registry</dt>
              <dd>
                {f.registryType === "default"
                  ? "the installation's default"
                  : `${f.registryUrl} (${f.registryType}${f.registryUser ? `, as ${f.registryUser}` : ""}${f.registryCa ? ", own CA" : ""})`}
              </dd>
            </dl>
            {reviewErrors.length === 0 && <ProblemAlert error={create.error} />}
          </>
        )}
        <ProblemAlert error={versions.error ?? groups.error ?? projectProviders.error ?? domainProviders.error} />
        {create.error && step < 4 ? <ProblemAlert error={create.error} title="The control plane refused the cluster" /> : null}
        <div className="actions">
          <Link href={`${t.href}/clusters`} className="button">
            Cancel
          </Link>
          {step > 0 && (
            <button type="button" onClick={() => setStep(step - 1)}>
              Back
            </button>
          )}
          <button type="submit" className="primary" disabled={loading || create.isPending || (step === 3 && pairErrors)}>
            {loading ? "Loading…" : step < STEPS.length - 1 ? "Next" : create.isPending ? "Creating…" : "Create cluster"}
          </button>
        </div>
      </form>
    </>
  );
}
