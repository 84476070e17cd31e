import { type FormEvent, useState } from "react";
import { Link } from "wouter";
import { api, type Schemas } from "../api/client";
import { AgentInstall } from "../ui/agent-install";
import { Field, KubeconfigField, parsePairs } from "../ui/form";
import { PageHeader } from "../ui/layout";
import { refreshAll } from "../ui/mutation";
import { ProblemAlert } from "../ui/problem";
import { useTenant } from "../ui/scope";

/**
 * Brings an existing cluster into the project (docs/tunnel.md): imported with
 * a kubeconfig the control plane reaches it with (checked by reaching it), or
 * registered when it cannot be reached — then the answer is the manifest of
 * the agent that dials out from it.
 */
export function ImportCluster() {
  const t = useTenant();
  const create = api.useMutation("post", "/v1/domains/{domain}/projects/{project}/imported-clusters", {
    onSuccess: () => refreshAll(),
  });
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [labels, setLabels] = useState("");
  const [withAgent, setWithAgent] = useState(false);
  const [kubeconfig, setKubeconfig] = useState("");
  const [done, setDone] = useState<Schemas["ImportedClusterCreated"]>();
  const parsed = parsePairs(labels);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (parsed.error) return;
    const body = {
      name,
      labels: parsed.value,
      ...(description ? { description } : {}),
      ...(withAgent ? {} : { kubeconfig }),
    };
    await create.mutateAsync({ params: { path: t.path }, body }).then(setDone, () => undefined);
  };
  if (done) {
    return (
      <section>
        <PageHeader title={done.access === "agent" ? `Registered ${done.name}` : `Imported ${done.name}`} />
        <div className="card">
          {done.agent ? (
            <AgentInstall install={done.agent} where={`cluster ${done.name}`} />
          ) : (
            <p role="status">
              The control plane reached {done.name} at <code>{done.server}</code> and keeps its kubeconfig sealed.
            </p>
          )}
          <div className="actions">
            <Link href={`${t.href}/imported-clusters/${done.id}`} className="button primary">
              Open {done.name}
            </Link>
          </div>
        </div>
      </section>
    );
  }
  return (
    <section>
      <PageHeader title="Import a cluster" />
      <form className="card form-grid" onSubmit={submit} aria-labelledby="import-cluster">
        <h2 id="import-cluster">An existing cluster</h2>
        <p className="muted">
          Imported clusters are listed with the project's clusters, read live (version, nodes, health) and can take the add-ons that make
          sense for a cluster CKP did not create. Detaching one never touches the cluster.
        </p>
        <Field label="Name">{(p) => <input {...p} required value={name} onChange={(e) => setName(e.target.value)} />}</Field>
        <Field label="Description (optional)">
          {(p) => <input {...p} value={description} onChange={(e) => setDescription(e.target.value)} />}
        </Field>
        <fieldset className="choice">
          <legend>How the control plane reaches it</legend>
          <label>
            <input type="radio" name="access" checked={!withAgent} onChange={() => setWithAgent(false)} /> Import with a kubeconfig (it can
            reach the API server)
          </label>
          <label>
            <input type="radio" name="access" checked={withAgent} onChange={() => setWithAgent(true)} /> Register, with an agent that dials
            out (behind NAT or a firewall)
          </label>
        </fieldset>
        {!withAgent && (
          <KubeconfigField
            value={kubeconfig}
            onChange={setKubeconfig}
            rows={8}
            hint="inline credentials only; checked by reaching the cluster, sealed at rest and never shown again"
          />
        )}
        <Field label="Labels" hint="key=value, one per line" error={parsed.error}>
          {(p) => <textarea {...p} rows={2} value={labels} onChange={(e) => setLabels(e.target.value)} />}
        </Field>
        <ProblemAlert error={create.error} />
        <div className="actions">
          <Link href={`${t.href}/clusters`} className="button">
            Cancel
          </Link>
          <button type="submit" className="primary" disabled={create.isPending}>
            {withAgent ? "Register" : create.isPending ? "Reaching it…" : "Import"}
          </button>
        </div>
      </form>
    </section>
  );
}
