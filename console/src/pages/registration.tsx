import { useState } from "react";
import { api, apiBase } from "../api/client";
import { CopyButton } from "../ui/copy";
import { Dialog } from "../ui/dialog";
import { PageHeader } from "../ui/layout";
import { refreshAll } from "../ui/mutation";
import { ProblemAlert } from "../ui/problem";
import { useTenant } from "../ui/scope";
import { When } from "../ui/time";

/** What an operator runs on a server so its agent registers with this project. */
export function installCommand(o: { server: string; domain: string; project: string; psk: string }): string {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return [
    "# on the host, as root: Node.js 20+ and curl are needed",
    `curl -fsSL ${q(`${o.server}/v1/agent/download`)} -o /tmp/ckp-agent`,
    "install -m 0755 /tmp/ckp-agent /usr/local/bin/ckp-agent",
    "install -d -m 0700 /etc/ckp && umask 077 && cat > /etc/ckp/agent.yaml <<'EOF'",
    `server: ${o.server}`,
    `domain: ${o.domain}`,
    `project: ${o.project}`,
    `psk: ${JSON.stringify(o.psk)}`,
    "EOF",
    "# registers, waits for approval, then reports (run it under systemd to keep it running: docs/console.md)",
    "ckp-agent register --config /etc/ckp/agent.yaml && ckp-agent run --config /etc/ckp/agent.yaml",
  ].join("\n");
}

/** The project's host pre-shared key (project admin): shown on request, rotated on request, and the command that uses it. */
export function Registration() {
  const t = useTenant();
  const psk = api.useQuery("get", "/v1/domains/{domain}/projects/{project}/host-psk", { params: { path: t.path } });
  const reset = api.useMutation("post", "/v1/domains/{domain}/projects/{project}/host-psk/reset", {
    onSuccess: () => {
      setConfirming(false);
      void refreshAll();
    },
  });
  const [shown, setShown] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const server = apiBase || window.location.origin;
  const data = psk.data;
  return (
    <section>
      <PageHeader title="Host registration" />
      <p>
        A host joins the project when its agent registers with the project's pre-shared key (PSK); a project admin then approves its request
        (or it is approved at once when the project approves hosts automatically).
      </p>
      <ProblemAlert error={psk.error ?? reset.error} />
      {data && (
        <>
          <section className="card" aria-labelledby="psk-title">
            <h2 id="psk-title">Pre-shared key</h2>
            <p className="psk">
              <code>
                {shown ? data.psk : "•".repeat(24)}
                {!shown && <span className="visually-hidden">(hidden)</span>}
              </code>{" "}
              <button type="button" aria-pressed={shown} onClick={() => setShown((s) => !s)}>
                {shown ? "Hide" : "Show"}
              </button>{" "}
              <CopyButton text={data.psk} label="Copy PSK" />
            </p>
            <p className="muted small">
              Version {data.version}, rotated <When at={data.rotatedAt} />. Rotating it stops the old key at once; hosts already registered
              keep their certificates.
            </p>
            <button type="button" className="danger" onClick={() => setConfirming(true)}>
              Rotate the key…
            </button>
          </section>
          <section className="card" aria-labelledby="install-title">
            <h2 id="install-title">Install the agent on a host</h2>
            <p>Run this on each server (it holds the key: treat it like a password).</p>
            <pre className="command">
              {shown
                ? installCommand({ server, domain: t.domain, project: t.project, psk: data.psk })
                : installCommand({ server, domain: t.domain, project: t.project, psk: "<PSK: press Show>" })}
            </pre>
            <CopyButton
              text={installCommand({ server, domain: t.domain, project: t.project, psk: data.psk })}
              label="Copy install command"
            />
          </section>
        </>
      )}
      <Dialog open={confirming} title="Rotate the pre-shared key?" onClose={() => setConfirming(false)}>
        <p>From now on the old key registers nothing; machines still installing with it will fail to register.</p>
        <div className="actions">
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
          <button type="button" className="danger" disabled={reset.isPending} onClick={() => reset.mutate({ params: { path: t.path } })}>
            Rotate key
          </button>
        </div>
      </Dialog>
    </section>
  );
}
