import { api } from "../api/client";
import { useCan } from "../auth";
import { PageHeader } from "../ui/layout";
import { refreshAll } from "../ui/mutation";
import { ProblemAlert } from "../ui/problem";
import { useTenant } from "../ui/scope";
import { When } from "../ui/time";

/** The project itself: whether registering hosts approve themselves. */
export function ProjectSettings() {
  const t = useTenant();
  const admin = useCan("admin", t);
  const project = api.useQuery("get", "/v1/domains/{domain}/projects/{project}", { params: { path: t.path } });
  const patch = api.useMutation("patch", "/v1/domains/{domain}/projects/{project}", { onSuccess: () => refreshAll() });
  const p = project.data;
  return (
    <section>
      <PageHeader title={`Project ${t.project}`} />
      <ProblemAlert error={project.error ?? patch.error} />
      {p && (
        <dl className="facts card">
          <dt>Domain</dt>
          <dd>{p.domain}</dd>
          <dt>Display name</dt>
          <dd>{p.displayName ?? "—"}</dd>
          <dt>Host approval</dt>
          <dd>
            {admin ? (
              <label className="check">
                <input
                  type="checkbox"
                  checked={p.autoApproveHosts}
                  disabled={patch.isPending}
                  onChange={(e) => patch.mutate({ params: { path: t.path }, body: { autoApproveHosts: e.target.checked } })}
                />{" "}
                Approve registering hosts automatically
              </label>
            ) : p.autoApproveHosts ? (
              "automatic"
            ) : (
              "by a project admin"
            )}
          </dd>
          <dt>Created</dt>
          <dd>
            <When at={p.createdAt} />
          </dd>
        </dl>
      )}
    </section>
  );
}
