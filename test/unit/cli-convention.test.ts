import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { complete, completionScript } from "../../cli/completion.js";
import { buildProgram } from "../../cli/program.js";

/**
 * One command-line convention for every program the project ships
 * (cli/convention.ts): ckpctl and ckp-agent, run as their bin shims run
 * them. Help and version exit 0 on stdout; usage mistakes exit 2 on stderr.
 */
const root = resolve(import.meta.dirname, "../..");
const programs = { ckpctl: "cli/main.ts", "ckp-agent": "agent/cli.ts" } as const;

function run(program: keyof typeof programs, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ["--import", "tsx", programs[program], ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", CKP_CONFIG: join(mkdtempSync(join(tmpdir(), "conv-")), "c.yaml"), ...env },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// each case starts Node with tsx (a second or two; more on a loaded machine)
describe.each(Object.keys(programs) as Array<keyof typeof programs>)("%s follows the CLI convention", { timeout: 120_000 }, (program) => {
  it("--help, -h and help <command> print help on stdout and exit 0", () => {
    for (const args of [["--help"], ["-h"], ["help"]]) {
      const r = run(program, args);
      expect(r.code, args.join(" ")).toBe(0);
      expect(r.stdout).toContain(`Usage: ${program} [options] [command]`);
      expect(r.stderr).toBe("");
    }
    const sub = program === "ckpctl" ? "get" : "register";
    const r = run(program, ["help", sub]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: ${program} ${sub}`);
    expect(run(program, [sub, "--help"]).stdout).toBe(r.stdout);
  });

  it("--version prints the version and exits 0", () => {
    const r = run(program, ["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe("0.0.0-dev");
  });

  it("a usage mistake is reported on stderr with exit 2", () => {
    for (const args of [["frobnicate"], [program === "ckpctl" ? "get" : "run", "--bogus"]]) {
      const r = run(program, args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^error: unknown (command|option)/);
      expect(r.stderr).toContain(`--help for usage`);
    }
  });

  it("a failure is one line on stderr and a non-zero exit", () => {
    const r = program === "ckpctl" ? run(program, ["get", "clusters"]) : run(program, ["register"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(program === "ckpctl" ? /^error: not logged in/ : /register needs --server/);
  });
});

describe("ckpctl completion", { timeout: 120_000 }, () => {
  it("completes commands, resource types, options and their values from the command tree", async () => {
    const p = buildProgram();
    expect(await complete(p, ["ge"])).toContain("get");
    expect(await complete(p, ["get", ""])).toEqual(expect.arrayContaining(["clusters", "hosts", "host-requests", "management-clusters"]));
    expect(await complete(p, ["get", "clusters", "-"])).toEqual(
      expect.arrayContaining(["--output", "-o", "--selector", "--watch", "--context"]),
    );
    expect(await complete(p, ["get", "hosts", "-o", ""])).toEqual(["table", "wide", "json", "yaml", "name"]);
    expect(await complete(p, ["scale", ""])).toEqual(["cluster"]);
    expect(await complete(p, ["config", ""])).toEqual(expect.arrayContaining(["use-context", "get-contexts"]));
    expect(await complete(p, ["completion", ""])).toEqual(["bash", "zsh"]);
    expect(await complete(new Command(), [""])).toEqual([]);
  });

  it("the bash script completes through the real shell", () => {
    const bin = mkdtempSync(join(tmpdir(), "ckpctl-bin-"));
    writeFileSync(join(bin, "ckpctl"), `#!/bin/sh\nexec "${process.execPath}" --import tsx "${join(root, "cli/main.ts")}" "$@"\n`);
    chmodSync(join(bin, "ckpctl"), 0o755);
    const script = completionScript("bash");
    const r = spawnSync(
      "bash",
      ["-c", `${script}\nCOMP_WORDS=(ckpctl get host); COMP_CWORD=2; _ckpctl_complete; printf '%s\\n' "\${COMPREPLY[@]}"`],
      { cwd: root, encoding: "utf8", env: { ...process.env, PATH: `${bin}:${process.env.PATH}` }, timeout: 60_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split("\n").sort()).toEqual(["host-groups", "host-requests", "hosts"]);
    expect(completionScript("zsh")).toMatch(/^#compdef ckpctl\n/);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: zsh's parameter expansion, not a template
    expect(completionScript("zsh")).toContain('ckpctl __complete "${(@)words[2,CURRENT]}"');
  });
});
