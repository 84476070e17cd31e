import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configPath, contextNameFor, normaliseServer, readConfig, resolveTarget, upsertContext, writeConfig } from "../../cli/config.js";
import { CliError, EXIT } from "../../cli/errors.js";

/** ckpctl's contexts: where they live, how they are written, and which setting wins. */
describe("ckpctl contexts", () => {
  const cfg = {
    currentContext: "prod",
    contexts: [
      { name: "prod", server: "https://ckp.example.com", token: "t-prod", domain: "acme", project: "edge" },
      { name: "lab", server: "http://127.0.0.1:3000", token: "t-lab" },
    ],
  };

  it("lives under XDG_CONFIG_HOME (else ~/.config), or CKP_CONFIG", () => {
    expect(configPath({ XDG_CONFIG_HOME: "/x", HOME: "/h" })).toBe("/x/ckp/config.yaml");
    expect(configPath({ HOME: "/h" })).toBe("/h/.config/ckp/config.yaml");
    expect(configPath({ CKP_CONFIG: "/c.yaml", XDG_CONFIG_HOME: "/x" })).toBe("/c.yaml");
  });

  it("is written 0600 in a 0700 directory, atomically, and read back", () => {
    const dir = mkdtempSync(join(tmpdir(), "ckpctl-cfg-"));
    const path = join(dir, "ckp", "config.yaml");
    writeConfig(cfg, path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, "ckp")).mode & 0o777).toBe(0o700);
    expect(readConfig(path)).toEqual(cfg);
    const next = upsertContext(readConfig(path), { name: "prod", server: "https://ckp.example.com", token: "t2" });
    expect(next.contexts.map((c) => c.name)).toEqual(["prod", "lab"]);
    expect(next.contexts[0]?.token).toBe("t2");
  });

  it("refuses a config that is not YAML with a usage error naming the file", () => {
    const path = join(mkdtempSync(join(tmpdir(), "ckpctl-cfg-")), "config.yaml");
    writeFileSync(path, "contexts: [unclosed");
    expect(() => readConfig(path)).toThrow(/config\.yaml: not valid YAML/);
    expect(readFileSync(path, "utf8")).toBe("contexts: [unclosed");
  });

  it("takes flags over CKP_* variables over the context", () => {
    expect(resolveTarget({}, {}, cfg)).toEqual({
      contextName: "prod",
      server: "https://ckp.example.com",
      token: "t-prod",
      domain: "acme",
      project: "edge",
    });
    expect(resolveTarget({}, { CKP_CONTEXT: "lab", CKP_DOMAIN: "d2" }, cfg)).toMatchObject({
      contextName: "lab",
      domain: "d2",
      project: undefined,
    });
    expect(resolveTarget({ context: "prod", project: "p3" }, { CKP_CONTEXT: "lab", CKP_PROJECT: "p2" }, cfg)).toMatchObject({
      contextName: "prod",
      project: "p3",
    });
    // CI without a config file: the server and token from the environment
    expect(resolveTarget({}, { CKP_SERVER: "https://x.example/v1/", CKP_TOKEN: "t" }, { contexts: [] })).toMatchObject({
      server: "https://x.example",
      token: "t",
    });
  });

  it("says what to do when there is no context, or an unknown one is named", () => {
    const none = () => resolveTarget({}, {}, { contexts: [] });
    expect(none).toThrow(/not logged in: run ckpctl login <url>/);
    try {
      none();
    } catch (e) {
      expect((e as CliError).code).toBe(EXIT.usage);
    }
    expect(() => resolveTarget({ context: "nope" }, {}, cfg)).toThrow(/no context named nope \(known: prod, lab\)/);
  });

  it("normalises server URLs and names contexts after their host", () => {
    expect(normaliseServer("https://ckp.example.com/v1")).toBe("https://ckp.example.com");
    expect(normaliseServer("http://127.0.0.1:3000/")).toBe("http://127.0.0.1:3000");
    expect(() => normaliseServer("ftp://x")).toThrow(/http:\/\/ or https:\/\//);
    expect(() => normaliseServer("not a url")).toThrow(CliError);
    expect(contextNameFor("http://127.0.0.1:3000")).toBe("127.0.0.1:3000");
  });
});
