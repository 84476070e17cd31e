import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { parseAgentConfig } from "../../agent/config.js";
import { setCondition } from "../../core/clusters/saga.js";
import { agentInstallScript, shellQuote } from "../../core/infrastructure/agent-install.js";
import { AGENT_CONFIG_PATH, DEFAULT_CLOUD_INIT, renderCloudInit } from "../../core/infrastructure/cloud-init.js";
import { type AgentBootstrap, machineName } from "../../core/infrastructure/driver.js";
import { InfrastructureError } from "../../core/infrastructure/errors.js";
import { agentConfigFromUserData } from "../doubles/machine-agent.js";
import { foreignCa } from "../support/pki.js";

const SHA = "ab".repeat(32);
const agent: AgentBootstrap = {
  apiUrl: "https://ckp.example.com",
  domain: "acme",
  project: "edge",
  psk: "p$k: with # yaml-special chars",
  build: { version: "1.4.0", sha256: SHA, url: `https://ckp.example.com/v1/agent/download?sha256=${SHA}` },
};
const input = { hostname: "n-1", machineId: "5b0c3a9e-0d5e-4c1e-9a51-2f7f8f0c1d2e", clusterId: "cl_x", clusterName: "edge", agent };

const docOf = (out: string) =>
  yaml.load(out, { schema: yaml.CORE_SCHEMA }) as {
    hostname?: string;
    runcmd?: unknown[];
    write_files?: Array<{ path: string; content: string; permissions?: string }>;
  };
const scriptOf = (out: string) =>
  (docOf(out).runcmd ?? []).find((c): c is string => typeof c === "string" && c.includes("# ckp-agent install")) as string;

describe("cloud-init for new machines", () => {
  it("writes the agent config — server, tenant, PSK, the chosen machine id, hostname — so the agent's config parser reads it back, whatever the template's indentation", () => {
    const tpl =
      "#cloud-config\nhostname: {{ hostname }}\nwrite_files:\n    - path: /etc/ckp/agent.yaml\n      content: {{agent_config}}\nruncmd:\n    - {{ agent_install }}\n";
    for (const t of [tpl, DEFAULT_CLOUD_INIT]) {
      const out = renderCloudInit(t, input);
      expect(docOf(out).hostname).toBe("n-1");
      const expected = {
        server: agent.apiUrl,
        domain: "acme",
        project: "edge",
        psk: agent.psk,
        machineId: input.machineId,
        hostname: "n-1",
      };
      expect(agentConfigFromUserData(Buffer.from(out).toString("base64"))).toEqual(expected);
      const file = docOf(out).write_files?.find((f) => f.path === AGENT_CONFIG_PATH);
      expect(parseAgentConfig(file?.content as string, AGENT_CONFIG_PATH)).toEqual(expected);
    }
    expect(docOf(renderCloudInit(DEFAULT_CLOUD_INIT, input)).write_files?.[0]?.permissions).toBe("0600");
  });

  it("installs the agent: downloads the pinned build, refuses another digest, writes a unit that registers then runs, starts it without blocking", () => {
    const script = scriptOf(renderCloudInit(DEFAULT_CLOUD_INIT, input));
    expect(script).toBeDefined();
    // one subshell: its exit and set -e do not leak into the template's other runcmd entries
    expect(script.startsWith("( # ckp-agent install")).toBe(true);
    expect(script.trimEnd().endsWith(")")).toBe(true);
    expect(script).toContain("set -eu");
    expect(script).toContain(`url='${agent.build.url}'`);
    expect(script).toContain(`sha256='${SHA}'`);
    expect(script).toMatch(/until curl -fsSL [^\n]*-o "\$tmp" "\$url"; do/);
    // the download is checked before it is installed, and removed when it does not match
    const check = script.indexOf('echo "$sha256  $tmp" | sha256sum -c --status');
    const install = script.indexOf('mv -f "$tmp" "$bin"');
    expect(check).toBeGreaterThan(0);
    expect(install).toBeGreaterThan(check);
    expect(script.slice(check, install)).toMatch(/rm -f "\$tmp"[\s\S]*digest mismatch[\s\S]*exit 1/);
    expect(script).toContain("command -v node");
    expect(script).toContain('bin="$root/usr/local/bin/ckp-agent"');
    expect(script).toContain('config="$root/etc/ckp/agent.yaml"');
    const unit = script.slice(script.indexOf('cat > "$unit" <<CKP_UNIT'), script.indexOf("\nCKP_UNIT\n"));
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell variables, as written into the unit
    expect(unit).toContain("ExecStartPre=${node} ${bin} register --config ${config} --state-dir ${state}");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell variables, as written into the unit
    expect(unit).toContain("ExecStart=${node} ${bin} run --config ${config} --state-dir ${state} --restart exit");
    expect(unit).toContain("Restart=always");
    expect(unit).toContain("TimeoutStartSec=infinity");
    expect(unit).toContain("WantedBy=multi-user.target");
    expect(script.indexOf("systemctl daemon-reload")).toBeGreaterThan(script.indexOf("\nCKP_UNIT\n"));
    expect(script).toContain("systemctl enable --now --no-block ckp-agent.service");
    expect(script).not.toContain("--cacert");
  });

  it("adds the agent config and the install to a template that has neither, and leaves a complete template as written", () => {
    const old = "#cloud-config\nhostname: {{ hostname }}\nruncmd:\n  - [systemctl, enable, --now, ckp-agent]\n";
    const out = renderCloudInit(old, input);
    const doc = docOf(out);
    expect(out.startsWith("#cloud-config\n")).toBe(true);
    expect(doc.hostname).toBe("n-1");
    expect(doc.runcmd?.[0]).toEqual(["systemctl", "enable", "--now", "ckp-agent"]);
    expect(doc.runcmd?.[1]).toBe(scriptOf(renderCloudInit(DEFAULT_CLOUD_INIT, input)));
    expect(doc.write_files).toEqual([
      { path: AGENT_CONFIG_PATH, permissions: "0600", content: expect.stringContaining(`machineId: ${input.machineId}`) },
    ]);
    // the install script may also be a file the template runs
    const asFile =
      "#cloud-config\nwrite_files:\n  - path: /etc/ckp/agent.yaml\n    content: {{ agent_config }}\n  - path: /root/install.sh\n    content: {{ agent_install }}\nruncmd:\n  - [sh, /root/install.sh]\n";
    expect(docOf(renderCloudInit(asFile, input)).runcmd).toEqual([["sh", "/root/install.sh"]]);
    const complete = renderCloudInit(DEFAULT_CLOUD_INIT, input);
    expect(complete.split("\n").slice(0, 3)).toEqual(["#cloud-config", "hostname: n-1", "write_files:"]);
    expect(docOf(complete).runcmd).toHaveLength(1);
  });

  it("renders the build, digest, version and machine id as variables of their own", () => {
    const tpl = "#cloud-config\nbootcmd:\n  - echo {{ agent_version }} {{ agent_sha256 }} {{ machine_id }}\n  - echo {{ agent_url }}\n";
    const doc = yaml.load(renderCloudInit(tpl, input), { schema: yaml.CORE_SCHEMA }) as { bootcmd: string[] };
    expect(doc.bootcmd).toEqual([`echo 1.4.0 ${SHA} ${input.machineId}`, `echo ${agent.build.url}`]);
  });

  it("trusts a private CA of the API for the download and in the agent config", () => {
    const ca = foreignCa().certPem.replace(/\r\n/g, "\n");
    const out = renderCloudInit(DEFAULT_CLOUD_INIT, { ...input, agent: { ...agent, caCertificate: ca } });
    const script = scriptOf(out);
    expect(script).toContain(`cat > "$cacert" <<'CKP_CA'\n${ca.trim()}\nCKP_CA`);
    expect(script).toContain('set -- --cacert "$cacert"');
    expect(script).toMatch(/curl [^\n]*"\$@"/);
    const cfg = parseAgentConfig(docOf(out).write_files?.[0]?.content as string, "agent.yaml");
    expect(cfg.ca?.trim()).toBe(ca.trim());
  });

  it("sends the PSK and the build only over HTTPS, except to a control plane on loopback", () => {
    const at = (apiUrl: string) => () => renderCloudInit(DEFAULT_CLOUD_INIT, { ...input, agent: { ...agent, apiUrl } });
    expect(at("http://ckp.example.com")).toThrow(/must be https/);
    expect(at("ftp://127.0.0.1")).toThrow(/must be https/);
    expect(at("not a url")).toThrow(/not a URL/);
    expect(at("http://127.0.0.1:3000")).not.toThrow();
    expect(at("http://localhost:3000")).not.toThrow();
    expect(at("https://ckp.example.com:8443/")).not.toThrow();
  });

  it("quotes what it puts into the script", () => {
    expect(shellQuote("a'b c$d")).toBe(`'a'\\''b c$d'`);
    const url = "https://ckp.example.com/v1/agent/download?sha256=x&it's=1";
    expect(agentInstallScript({ machineName: "m", build: { ...agent.build, url } })).toContain(`url=${shellQuote(url)}`);
    expect(() => agentInstallScript({ machineName: "m", build: { ...agent.build, sha256: "'; rm -rf /; '" } })).toThrow(/64 lowercase hex/);
  });

  it("refuses unknown variables, invalid YAML and a missing #cloud-config header", () => {
    const reasonOf = (t: string) => {
      try {
        renderCloudInit(t, { ...input, hostname: "n", clusterId: "c", clusterName: "c" });
      } catch (e) {
        return e instanceof InfrastructureError ? `${e.reason}: ${e.message}` : String(e);
      }
      return "rendered";
    };
    expect(reasonOf("#cloud-config\nhostname: {{ host }}\n")).toMatch(/^CloudInitTemplateInvalid: .*host/);
    expect(reasonOf("#cloud-config\nhostname: [unclosed\n")).toMatch(/^CloudInitTemplateInvalid: .*not valid/);
    expect(reasonOf("hostname: {{ hostname }}\n")).toMatch(/#cloud-config/);
    expect(reasonOf("#cloud-config\nruncmd: echo hi\n")).toMatch(/^CloudInitTemplateInvalid: .*runcmd is not a list/);
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
