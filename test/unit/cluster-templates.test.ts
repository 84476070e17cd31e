import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { publishTemplateInput } from "../../core/templates/model.js";
import {
  declarationProblems,
  placeholdersOf,
  renderRequest,
  renderSpec,
  resolveParameters,
  sampleValues,
} from "../../core/templates/render.js";

/** Placeholders, parameters and the templates shipped in cluster-templates/ (docs/templates.md). */
describe("template rendering", () => {
  it("puts typed values where a whole string is a placeholder, and text where it is inside one", () => {
    const spec = { workers: "{{ workers }}", on: "{{on}}", labels: { shape: "edge-{{ tier }}-{{workers}}" }, list: ["{{ tier }}"] };
    expect(placeholdersOf(spec)).toEqual(new Set(["workers", "on", "tier"]));
    expect(renderSpec(spec, { workers: 3, on: true, tier: "gold" })).toEqual({
      workers: 3,
      on: true,
      labels: { shape: "edge-gold-3" },
      list: ["gold"],
    });
  });

  it("checks given values against their declarations and fills defaults", () => {
    const decls = [
      { name: "workers", type: "integer" as const, minimum: 1, maximum: 5, default: 2 },
      { name: "tier", type: "string" as const, allowed: ["gold", "silver"] },
      { name: "backups", type: "boolean" as const, default: false },
    ];
    expect(resolveParameters(decls, { tier: "gold" })).toEqual({ values: { workers: 2, tier: "gold", backups: false }, problems: [] });
    expect(resolveParameters(decls, { workers: 2.5, backups: "yes", extra: 1 }).problems).toEqual([
      { path: "parameters.extra", message: "the template declares no parameter extra" },
      { path: "parameters.workers", message: "must be an integer" },
      { path: "parameters.tier", message: "is required (the template gives it no default)" },
      { path: "parameters.backups", message: "must be a boolean" },
    ]);
    expect(resolveParameters(decls, { workers: 0, tier: "x" }).problems.map((p) => p.message)).toEqual([
      "must be at least 1",
      'must be one of "gold", "silver"',
    ]);
  });

  it("finds declarations that cannot hold together", () => {
    const problems = declarationProblems(
      [
        { name: "a", type: "string", minimum: 1 },
        { name: "a", type: "integer", minimum: 5, maximum: 1, allowed: ["x"] },
        { name: "unused", type: "boolean", default: "no" },
      ],
      { x: "{{ a }}", y: "{{ missing }}" },
    );
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      "parameters.0: minimum and maximum apply to integer parameters only",
      "parameters.1.name: parameter a is declared twice",
      "parameters.1.minimum: minimum 5 exceeds maximum 1",
      "parameters.1.allowed.0: must be an integer",
      "parameters.2.default: must be a boolean",
      "spec: placeholder {{ missing }} names no declared parameter",
      "parameters.2.name: parameter unused is used by no placeholder",
    ]);
  });

  it("names the spec's field when a rendered request is not a valid cluster", () => {
    const r = renderRequest(
      { kubernetesVersion: "v1.31.2", providerCluster: "p", hostGroup: "{{ g }}", workers: 0 },
      { g: "Bad_Name" },
      "c",
    );
    expect(r.input).toBeUndefined();
    expect(r.problems.map((p) => p.path).sort()).toEqual(["spec.hostGroup", "spec.workers"]);
  });

  it("takes a registry but never its credentials: every project it is offered to could read them", () => {
    const spec = { kubernetesVersion: "v1.31.2", providerCluster: "p", hostGroup: "g", workers: 1 };
    const ok = renderRequest({ ...spec, imageRegistry: { type: "private", url: "registry.corp.example/ckp" } }, {}, "c");
    expect(ok.problems).toEqual([]);
    expect(ok.input?.imageRegistry).toEqual({ type: "private", url: "registry.corp.example/ckp" });
    const secret = renderRequest(
      { ...spec, imageRegistry: { type: "public", url: "docker.io/acme", credentials: { username: "u", password: "p" } } },
      {},
      "c",
    );
    expect(secret.input).toBeUndefined();
    expect(secret.problems.map((p) => p.path)).toEqual(["spec.imageRegistry.credentials"]);
  });
});

describe("the templates shipped in cluster-templates/", () => {
  const dir = resolve(import.meta.dirname, "../../cluster-templates");
  const files = readdirSync(dir).filter((f) => f.endsWith(".yaml"));

  it("ships the common shapes", () => {
    expect(files.sort()).toEqual(["bms-edge.yaml", "ccs-autoscaling.yaml"]);
  });

  for (const file of files) {
    it(`${file} is a valid template that renders a valid cluster with its defaults`, () => {
      const m = yaml.load(readFileSync(resolve(dir, file), "utf8")) as { kind: string; metadata: { name: string }; spec: object };
      expect(m.kind).toBe("ClusterTemplate");
      const input = publishTemplateInput.parse({ name: m.metadata.name, ...m.spec });
      expect(declarationProblems(input.parameters, input.spec)).toEqual([]);
      const r = renderRequest(input.spec, sampleValues(input.parameters), "sample");
      expect(r.problems).toEqual([]);
      expect(r.input?.labels?.["ckp.io/shape"]).toBe(m.metadata.name);
    });
  }

  it("ccs-autoscaling hands the worker bounds to Karpenter", () => {
    const m = yaml.load(readFileSync(resolve(dir, "ccs-autoscaling.yaml"), "utf8")) as { metadata: { name: string }; spec: object };
    const input = publishTemplateInput.parse({ name: m.metadata.name, ...m.spec });
    const { values } = resolveParameters(input.parameters, { providerCluster: "ccs", hostGroup: "vms", minWorkers: 2, maxWorkers: 6 });
    const r = renderRequest(input.spec, values, "web");
    expect(r.input).toMatchObject({ workers: 2, addons: { karpenter: { enabled: true, values: { minWorkers: 2, maxWorkers: 6 } } } });
  });
});
