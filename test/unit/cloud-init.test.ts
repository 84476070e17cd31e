import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { setCondition } from "../../core/clusters/saga.js";
import { DEFAULT_CLOUD_INIT, renderCloudInit } from "../../core/infrastructure/cloud-init.js";
import { machineName } from "../../core/infrastructure/driver.js";
import { InfrastructureError } from "../../core/infrastructure/errors.js";
import { agentConfigFromUserData } from "../doubles/machine-agent.js";

const agent = { apiUrl: "https://ckp.example.com", domain: "acme", project: "edge", psk: "p$k: with # yaml-special chars" };

describe("cloud-init for new machines", () => {
  it("renders the agent configuration so a booted machine can read it back, whatever the template's indentation", () => {
    const tpl = "#cloud-config\nhostname: {{ hostname }}\nwrite_files:\n    - path: /etc/ckp/agent.yaml\n      content: {{agent_config}}\n";
    for (const t of [tpl, DEFAULT_CLOUD_INIT]) {
      const out = renderCloudInit(t, { hostname: "n-1", clusterId: "cl_x", clusterName: "edge", agent });
      expect((yaml.load(out) as { hostname: string }).hostname).toBe("n-1");
      expect(agentConfigFromUserData(Buffer.from(out).toString("base64"))).toEqual({ server: agent.apiUrl, domain: "acme", project: "edge", psk: agent.psk });
    }
  });

  it("refuses unknown variables, invalid YAML and a missing #cloud-config header", () => {
    const reasonOf = (t: string) => {
      try {
        renderCloudInit(t, { hostname: "n", clusterId: "c", clusterName: "c", agent });
      } catch (e) {
        return e instanceof InfrastructureError ? `${e.reason}: ${e.message}` : String(e);
      }
      return "rendered";
    };
    expect(reasonOf("#cloud-config\nhostname: {{ host }}\n")).toMatch(/^CloudInitTemplateInvalid: .*host/);
    expect(reasonOf("#cloud-config\nhostname: [unclosed\n")).toMatch(/^CloudInitTemplateInvalid: .*not valid/);
    expect(reasonOf("hostname: {{ hostname }}\n")).toMatch(/#cloud-config/);
  });

  it("names machines stably and DNS-safely", () => {
    const c = { clusterId: "cl_01m7z1ns7xpk9gyhvzbt8dtwqn", clusterName: "a".repeat(63) };
    expect(machineName(c, 3)).toBe(`${"a".repeat(40)}-8dtwqn-3`);
    expect(machineName(c, 3).length).toBeLessThanOrEqual(63);
  });
});

describe("conditions", () => {
  it("keeps lastTransitionTime while the status stays, and moves it when the status changes", () => {
    const a = setCondition([], { type: "Ready", status: "False", reason: "Provisioning", message: "step 1" }, "t1");
    const b = setCondition(a, { type: "Ready", status: "False", reason: "Provisioning", message: "step 2" }, "t2");
    expect(b[0]?.lastTransitionTime).toBe("t1");
    expect(setCondition(b, { type: "Ready", status: "False", reason: "Provisioning", message: "step 2" }, "t3")).toBe(b);
    expect(setCondition(b, { type: "Ready", status: "True", reason: "Ready", message: "ok" }, "t4")[0]?.lastTransitionTime).toBe("t4");
  });
});
