import yaml from "js-yaml";
import { type FormEvent, useId, useState } from "react";
import { api, fetchClient, type Schemas } from "../api/client";
import { StatusBadge } from "../ui/badges";
import { Dialog } from "../ui/dialog";
import { refreshAll } from "../ui/mutation";
import { ProblemAlert } from "../ui/problem";
import { ReasonHint } from "../ui/reason";
import { When } from "../ui/time";

type Addon = Schemas["ClusterAddon"];
type Path = { domain: string; project: string; id: string };

const STATE_TONE: Record<string, string> = {
  Healthy: "ok",
  Installing: "busy",
  Pending: "wait",
  Unknown: "wait",
  Unhealthy: "bad",
  Disabled: "muted",
};

/**
 * A cluster's addons (docs/addons.md): each with its version, what the last
 * check found in the workload cluster and when, and its conditions; a
 * project admin configures one — its values as YAML, and on or off for the
 * optional ones — which starts the cluster's addons operation. Karpenter has
 * its own panel (Autoscaling) and is only listed here.
 */
export function ClusterAddons({ path, canChange }: { path: Path; canChange: boolean }) {
  const q = api.useQuery(
    "get",
    "/v1/domains/{domain}/projects/{project}/clusters/{id}/addons",
    { params: { path } },
    { refetchInterval: 5_000 },
  );
  const [editing, setEditing] = useState<Addon | undefined>();
  const items = q.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section className="card" aria-labelledby="addons-title">
      <h2 id="addons-title">Addons</h2>
      <div className="table-wrap">
        <table aria-labelledby="addons-title">
          <thead>
            <tr>
              <th scope="col">Addon</th>
              <th scope="col">Version</th>
              <th scope="col">State</th>
              <th scope="col">Conditions</th>
              <th scope="col">Checked</th>
              {canChange && <th scope="col">Change</th>}
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.name}>
                <td>
                  {a.title} <span className="muted small">({a.name})</span>
                </td>
                <td>{a.version ?? "—"}</td>
                <td>
                  <StatusBadge value={a.state} tone={STATE_TONE[a.state]} />
                  {a.message && <div className="small">{a.message}</div>}
                </td>
                <td>
                  {a.conditions.map((c) => (
                    <div key={c.type} className="small">
                      {c.type}: <StatusBadge value={c.status} /> <ReasonHint reason={c.reason} message={c.message} />
                    </div>
                  ))}
                </td>
                <td>
                  <When at={a.lastChecked ?? undefined} />
                </td>
                {canChange && (
                  <td>
                    {a.name !== "karpenter" && (
                      <button type="button" onClick={() => setEditing(a)} aria-label={`Configure ${a.title}`}>
                        Configure
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Dialog open={Boolean(editing)} title={editing ? `Configure ${editing.title}` : ""} onClose={() => setEditing(undefined)}>
        {editing && <AddonForm path={path} addon={editing} onDone={() => setEditing(undefined)} />}
      </Dialog>
    </section>
  );
}

function AddonForm({ path, addon, onDone }: { path: Path; addon: Addon; onDone: () => void }) {
  const ids = { values: useId(), enabled: useId(), error: useId() };
  const optional = addon.policy === "optional";
  const [enabled, setEnabled] = useState(addon.enabled);
  const [text, setText] = useState(Object.keys(addon.values).length ? yaml.dump(addon.values, { lineWidth: -1 }) : "");
  const [parseError, setParseError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    let values: unknown;
    try {
      values = text.trim() ? yaml.load(text) : {};
    } catch (err) {
      setParseError(`not YAML: ${(err as Error).message.split("\n")[0]}`);
      return;
    }
    if (values === null || typeof values !== "object" || Array.isArray(values)) {
      setParseError("the values are a map of fields (key: value)");
      return;
    }
    setParseError(undefined);
    setFailure(undefined);
    setBusy(true);
    // the path names the addon; each addon's body has its own schema in the OpenAPI document
    const patch = fetchClient.PATCH as unknown as (p: string, init: object) => Promise<{ error?: unknown; response: Response }>;
    const { error } = await patch(`/v1/domains/{domain}/projects/{project}/clusters/{id}/addons/${addon.name}`, {
      params: { path },
      body: { ...(optional ? { enabled } : {}), ...(enabled ? { values } : {}) },
    });
    setBusy(false);
    if (error) {
      setFailure(error);
      return;
    }
    await refreshAll();
    onDone();
  };

  return (
    <form onSubmit={submit} aria-label={`Configure ${addon.title}`}>
      {optional && (
        <label htmlFor={ids.enabled}>
          <input id={ids.enabled} type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Enabled
        </label>
      )}
      {!optional && <p className="muted small">Required by the cluster: it stays on; its values can change.</p>}
      <label htmlFor={ids.values}>Values (YAML; they replace the current ones, defaults fill what is left out)</label>
      <textarea
        id={ids.values}
        rows={10}
        spellCheck={false}
        value={text}
        disabled={!enabled}
        onChange={(e) => setText(e.target.value)}
        aria-invalid={parseError ? true : undefined}
        aria-describedby={parseError ? ids.error : undefined}
        className="mono"
      />
      {parseError && (
        <p id={ids.error} className="field-error">
          {parseError}
        </p>
      )}
      <ProblemAlert error={failure} />
      <p className="muted small">Saving starts the cluster's addons operation (phase Updating) until the addons are healthy again.</p>
      <div className="actions">
        <button type="button" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Saving…" : "Save"}
        </button>
      </div>
    </form>
  );
}
