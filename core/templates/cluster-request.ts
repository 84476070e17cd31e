import type { CreateClusterInput } from "../clusters/model.js";
import type { Deps } from "../deps.js";
import { forbidden } from "../shared/errors.js";
import type { ProjectRef } from "../store/keys.js";
import { keys } from "../store/keys.js";
import { findItem } from "../store/read.js";
import type { Domain } from "../tenancy/model.js";
import { renderFromTemplate } from "./from-template.js";
import type { ClusterTemplateRef, CreateFromTemplateInput } from "./model.js";

export type ClusterRequest = CreateClusterInput | CreateFromTemplateInput;

export const fromTemplate = (r: ClusterRequest): r is CreateFromTemplateInput => "template" in r;

/**
 * The cluster a `POST …/clusters` asks for: a full spec, or a template with
 * parameters rendered into one. A domain that requires templates refuses a
 * full spec (403 `cluster.template-required`) unless a domain admin sends it.
 */
export async function resolveClusterRequest(
  deps: Deps,
  t: ProjectRef,
  body: ClusterRequest,
  caller: { domainAdmin: boolean },
): Promise<{ input: CreateClusterInput; template?: ClusterTemplateRef }> {
  if (fromTemplate(body)) return renderFromTemplate(deps, t, body);
  if (!caller.domainAdmin) {
    const domain = await findItem<Domain>(deps, keys.domain(t.domain));
    if (domain?.requireClusterTemplates) {
      throw forbidden(
        `domain ${t.domain} requires clusters to be created from a cluster template offered to project ${t.project}: send {template, version, parameters} (GET …/projects/${t.project}/cluster-templates)`,
        "cluster.template-required",
      );
    }
  }
  return { input: body };
}
