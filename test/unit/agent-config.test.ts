import { describe, expect, it } from "vitest";
import { ConfigError, configCa, configPsk, loadAgentConfig, parseAgentConfig } from "../../agent/config.js";
import { foreignCa } from "../support/pki.js";

/** The agent's --config file: what cloud-init writes, checked with errors that say what to fix. */
const errorOf = (text: string): string => {
  try {
    parseAgentConfig(text, "/etc/ckp/agent.yaml");
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("expected the config to be refused");
};

describe("agent config file", () => {
  it("reads every setting", () => {
    const ca = foreignCa().certPem.replace(/\r\n/g, "\n");
    const text = [
      "server: https://ckp.example.com",
      "domain: acme",
      "project: edge",
      "psk: 's3cr:et # not a comment'",
      "machineId: 5b0c3a9e-0d5e-4c1e-9a51-2f7f8f0c1d2e",
      "hostname: edge-1-a1b2c3-0",
      "stateDir: /var/lib/ckp-agent",
      "ca: |",
      ...ca
        .trim()
        .split("\n")
        .map((l) => `  ${l}`),
      "",
    ].join("\n");
    const cfg = parseAgentConfig(text, "agent.yaml");
    expect(cfg).toEqual({
      server: "https://ckp.example.com",
      domain: "acme",
      project: "edge",
      psk: "s3cr:et # not a comment",
      machineId: "5b0c3a9e-0d5e-4c1e-9a51-2f7f8f0c1d2e",
      hostname: "edge-1-a1b2c3-0",
      stateDir: "/var/lib/ckp-agent",
      ca: `${ca.trim()}\n`,
    });
    expect(configCa(cfg)).toEqual([ca.trim()]);
    expect(configPsk(cfg, undefined)).toBe("s3cr:et # not a comment");
    // every setting is optional in the file: flags may give the rest
    expect(parseAgentConfig("stateDir: /tmp/x\n", "agent.yaml")).toEqual({ stateDir: "/tmp/x" });
    expect(parseAgentConfig("preflight:\n  fix: true\n", "agent.yaml")).toEqual({ preflight: { fix: true } });
  });

  it("names the file and the setting in every error", () => {
    expect(errorOf("sever: https://x\n")).toMatch(
      /^\/etc\/ckp\/agent\.yaml: unknown setting\(s\) sever \(known: server, domain, project, psk, pskFile, machineId, hostname, ca, caFile, stateDir, preflight\)$/,
    );
    expect(errorOf("preflight:\n  fixx: true\n")).toBe("/etc/ckp/agent.yaml: unknown setting(s) preflight.fixx");
    expect(errorOf("preflight:\n  fix: 'yes'\n")).toBe("/etc/ckp/agent.yaml: preflight.fix must be a boolean");
    expect(errorOf("server: ckp.example.com\n")).toBe("/etc/ckp/agent.yaml: server must be an http:// or https:// URL");
    expect(errorOf("domain: Acme_Corp\n")).toMatch(/domain must be a DNS label/);
    expect(errorOf("psk: a\npskFile: /etc/ckp/psk\n")).toMatch(/give psk or pskFile, not both/);
    expect(errorOf("psk: '  '\n")).toMatch(/psk must not be empty/);
    expect(errorOf("machineId: 'has space'\n")).toMatch(/machineId letters, digits/);
    expect(errorOf("hostname: -bad-\n")).toMatch(/hostname must be an RFC 1123 host name/);
    expect(errorOf("ca: not a certificate\n")).toMatch(/ca must be PEM certificates/);
    expect(errorOf("ca: |\n  -----BEGIN CERTIFICATE-----\n  bm90IGEgY2VydA==\n  -----END CERTIFICATE-----\n")).toMatch(
      /ca must be PEM certificates/,
    );
    expect(errorOf("project: 42\n")).toMatch(/project must be a string/);
    expect(errorOf("- server\n")).toMatch(/must be a YAML mapping of settings/);
    expect(errorOf("server: [unclosed\n")).toMatch(/is not valid YAML/);
    expect(errorOf("")).toMatch(/is empty/);
  });

  it("says when the file cannot be read", () => {
    expect(() => loadAgentConfig("/nonexistent/ckp/agent.yaml")).toThrow(
      "cannot read the config file /nonexistent/ckp/agent.yaml: it does not exist",
    );
    expect(() => configPsk({ pskFile: "/nonexistent/psk" }, undefined)).toThrow(/cannot read the PSK file \/nonexistent\/psk/);
  });
});
