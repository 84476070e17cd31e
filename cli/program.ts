import { Command, Option } from "commander";
import { addonCommands } from "./commands/addons.js";
import { backupCommands } from "./commands/backups.js";
import { autoscale, encrypt, kubeconfig, scale, templateMove, upgrade, waitCmd } from "./commands/clusters.js";
import { config, login, logout } from "./commands/contexts.js";
import { events } from "./commands/events.js";
import { decide, groupHosts } from "./commands/hosts.js";
import { importedClusterCommands } from "./commands/imported.js";
import { describe, get } from "./commands/read.js";
import { createNamed, createOrApply, patch, remove } from "./commands/write.js";
import { completionScript } from "./completion.js";
import { type Globals, readConfig } from "./config.js";
import { applyConvention, conventionForSubcommands } from "./convention.js";
import { CliError, EXIT } from "./errors.js";
import { table } from "./format.js";
import { OUTPUTS, outputOf } from "./output.js";
import { RESOURCES } from "./resources.js";
import { Session } from "./session.js";
import { VERSION } from "./version.js";

/**
 * ckpctl's commands, kubectl's verbs over the control plane's resources.
 * Every verb reads the resource table (cli/resources.ts); what is special
 * to clusters (plans, progress) lives in cli/commands/write.ts and
 * cli/progress.ts.
 */
const collect = (v: string, prev: string[] = []) => [...prev, v];
const clusterOption = () => new Option("-c, --cluster <name>", "node pools: the cluster they belong to (name or id)");
const outputOption = () => new Option("-o, --output <format>", `output format: ${OUTPUTS.join("|")}`).choices([...OUTPUTS]);
const waitOptions = (c: Command) =>
  c
    .option("--wait", "wait until the cluster is Ready (or gone), showing each step of its saga")
    .option("--timeout <duration>", "how long --wait waits (e.g. 30m, 1h)", "60m");
const dryRunOptions = (c: Command) =>
  c
    .option("--dry-run", "ask the server for the plan and print it; change nothing")
    .addOption(outputOption())
    .option("-v, --verbose", "with --dry-run: list unchanged objects too");

function session(cmd: Command): Session {
  return Session.open(cmd.optsWithGlobals() as Globals);
}

export function buildProgram(): Command {
  const p = applyConvention(new Command(), {
    name: "ckpctl",
    version: VERSION,
    description:
      "The CKP control plane from a terminal: hosts, host groups, providers, management clusters and Kubernetes clusters, with plans before changes (--dry-run) and live progress (--wait).",
  });
  p.option("--context <name>", "the context to use (else CKP_CONTEXT, else the current context)")
    .option("--domain <domain>", "the domain (else CKP_DOMAIN, else the context's)")
    .option("--project <project>", "the project (else CKP_PROJECT, else the context's)")
    .addOption(new Option("--server <url>", "the API URL, overriding the context's (else CKP_SERVER)").hideHelp());
  p.addHelpText(
    "after",
    `
Resource types: ${RESOURCES.map((r) => r.plural).join(", ")}
Exit codes: 0 done, 1 refused or failed, 2 usage, 3 not authenticated/allowed, 4 not found,
            5 the cluster operation failed, 6 timed out, 7 some items of a bulk request failed
Docs: docs/cli.md`,
  );

  p.command("login")
    .description(
      "log in to a control plane: the token is prompted for (or read from stdin), or with --sso you sign in with the identity provider (device flow); stored 0600 in a context (--context NAME, default the URL's host), made current",
    )
    .argument("<url>", "the API URL, e.g. https://ckp.example.com")
    .option("--token-stdin", "read the token from stdin")
    .option("--sso", "sign in with the identity provider the control plane names (device flow: confirm a code in any browser)")
    .option("--idp <name>", "with --sso, when there is more than one: which identity provider (implies --sso)")
    .addOption(new Option("--insecure-skip-check", "store the token without checking it").hideHelp())
    .action(async (url: string, o, cmd: Command) => {
      // --context, --domain and --project are the global flags: here they name the context and its defaults
      const g = cmd.optsWithGlobals() as Globals & { tokenStdin?: boolean; insecureSkipCheck?: boolean; sso?: boolean; idp?: string };
      await login(url, {
        ...o,
        ...(g.context ? { context: g.context } : {}),
        ...(g.domain ? { domain: g.domain } : {}),
        ...(g.project ? { project: g.project } : {}),
      });
    });

  p.command("logout")
    .description("remove a context and its token (default: the current one)")
    .argument("[context]")
    .action((name?: string) => logout(name));

  const cfg = p.command("config").description("contexts: view, get-contexts, current-context, use-context, set-context, delete-context");
  cfg
    .command("view")
    .description("the config file, tokens redacted")
    .addOption(outputOption())
    .action((o) => config("view", [], o));
  cfg
    .command("get-contexts")
    .description("list contexts")
    .action(() => config("get-contexts", [], {}));
  cfg
    .command("current-context")
    .description("the current context's name")
    .action(() => config("current-context", [], {}));
  cfg
    .command("use-context")
    .description("make a context current (asks which, on a terminal, without NAME)")
    .argument("[name]")
    .action((name?: string) => config("use-context", name ? [name] : [], {}));
  cfg
    .command("set-context")
    .description("set a context's default domain and project (--domain, --project; empty to clear)")
    .argument("[name]")
    .action((name: string | undefined, _o, cmd: Command) =>
      config("set-context", name ? [name] : [], cmd.optsWithGlobals() as { domain?: string; project?: string; server?: string }),
    );
  cfg
    .command("delete-context")
    .description("remove a context")
    .argument("<name>")
    .action((name: string) => config("delete-context", [name], {}));

  p.command("api-resources")
    .description("the resource types, their short names and scope")
    .action(() => {
      process.stdout.write(
        table(
          ["NAME", "SHORTNAMES", "KIND", "SCOPE", "VERBS"],
          RESOURCES.map((r) => [
            r.plural,
            r.aliases.join(","),
            r.kind,
            r.scope,
            [
              r.paths.list && "get",
              (r.paths.create || r.kind === "ByohBundle") && "create",
              r.paths.update && "patch",
              r.paths.delete && "delete",
            ]
              .filter(Boolean)
              .join(","),
          ]),
        ),
      );
    });

  p.command("get")
    .description("list resources, or show some by name (-o wide|json|yaml|name, -l selector, --watch)")
    .argument("<type>", "a resource type (ckpctl api-resources)")
    .argument("[names...]")
    .addOption(outputOption())
    .option("-l, --selector <selector>", "label selector: k=v, k!=v, k in (a,b), k, !k")
    .option("-w, --watch", "after the list, print each change")
    .option("--interval <seconds>", "how often --watch polls", "2")
    .option("--no-headers", "table without its header line")
    .option("--status <status>", "hosts and host requests: only this status")
    .option("--group <group>", "hosts: only those of this group")
    .option("--purpose <purpose>", "certificates: host, server or cluster")
    .option("--template <name[@version]>", "clusters: only those made from this cluster template (and version)")
    .addOption(clusterOption())
    .action(async (type: string, names: string[], o, cmd: Command) => {
      const [template, templateVersion] = typeof o.template === "string" ? o.template.split("@") : [];
      return get(session(cmd), type, names, {
        ...o,
        ...(template ? { template } : {}),
        ...(templateVersion ? { templateVersion } : {}),
        noHeaders: o.headers === false,
        output: outputOf(o.output),
      });
    });

  p.command("describe")
    .description("show resources in detail: their status, conditions, saga steps and events")
    .argument("<type>")
    .argument("[names...]")
    .option("-l, --selector <selector>", "label selector")
    .addOption(clusterOption())
    .action(async (type: string, names: string[], o, cmd: Command) => describe(session(cmd), type, names, { ...o, output: "table" }));

  const create = p
    .command("create")
    .description("create resources from manifests (-f), or one by type and name with flags")
    .argument("[type]")
    .argument("[name]")
    .option("-f, --filename <file>", "a YAML or JSON manifest file (repeat; - for stdin)", collect, [])
    .option("--set <path=value>", "a field of the create body (repeat), e.g. --set autoApproveHosts=true", collect, [])
    .option("--label <k=v>", "a label (repeat)", collect, [])
    .option("--description <text>")
    .option("--kubernetes-version <version>", "cluster: the Kubernetes version")
    .option("--provider-cluster <name>", "cluster: where machines come from")
    .option("--host-group <name>", "cluster: where worker hosts come from")
    .option("--workers <n>", "cluster: the worker count (of the primary pool, workers)")
    .option("--worker-role <role>", "cluster: a node role of the primary pool's nodes (repeat), e.g. worker", collect, [])
    .option("--worker-taint <key=value:Effect>", "cluster: a taint of the primary pool's nodes (repeat)", collect, [])
    .option(
      "--pool <spec>",
      "cluster: a further worker pool (repeat): name=N,group=HOST-GROUP,count=C[,role=R][,taint=key=value:Effect] (role and taint repeat)",
      collect,
      [],
    )
    .option("--cni <name>", "cluster: cilium (default), calico or flannel")
    .option("--machines-os <os>", "cluster: OS of machines a provider creates")
    .option("--machines-arch <arch>", "cluster: architecture of machines a provider creates")
    .option("--endpoint <host:port>", "cluster: the control plane endpoint")
    .option("--template <name[@version]>", "cluster: from this cluster template (its newest version unless @version)")
    .option("--param <k=v>", "cluster from a template: a parameter's value (repeat)", collect, [])
    .option("--role <role>", "token: its role (scoped to --domain/--project)")
    .addOption(clusterOption())
    .option("--arch <arch>", "node pool: an architecture Karpenter may launch, amd64 or arm64 (repeat; default any)", collect, [])
    .option("--flavor <flavor>", "node pool: an instance flavor Karpenter may launch (repeat; default any)", collect, [])
    .option("--zone <zone>", "node pool: an availability zone (repeat; default any)", collect, [])
    .option("--cpu-limit <quantity>", "node pool: the most CPU its nodes may have together, e.g. 16 or 8000m")
    .option("--memory-limit <quantity>", "node pool: the most memory its nodes may have together, e.g. 64Gi")
    .option("--taint <key=value:Effect>", "node pool: a taint of its nodes (repeat), e.g. dedicated=web:NoSchedule", collect, [])
    .addOption(
      new Option("--consolidation <policy>", "node pool: which nodes Karpenter may remove (default WhenEmptyOrUnderutilized)").choices([
        "WhenEmpty",
        "WhenEmptyOrUnderutilized",
      ]),
    )
    .option("--consolidate-after <duration>", "node pool: how long a node must have been removable first, e.g. 5m (default), or Never")
    .option("--weight <n>", "node pool: 1-100, pools of a higher weight are tried first");
  waitOptions(dryRunOptions(create)).action(async (type: string | undefined, name: string | undefined, o, cmd: Command) => {
    const s = session(cmd);
    if (o.filename.length) {
      if (type) throw new CliError("give -f or a type and name, not both", EXIT.usage);
      return createOrApply(s, "create", { ...o, output: o.output });
    }
    if (!type || !name) throw new CliError("create TYPE NAME [flags], or create -f FILE", EXIT.usage);
    return createNamed(s, type, name, o);
  });

  const apply = p
    .command("apply")
    .description("create or change resources from manifests, idempotently by name (created / configured / unchanged)")
    .option("-f, --filename <file>", "a YAML or JSON manifest file (repeat; - for stdin)", collect, [])
    .addOption(clusterOption());
  waitOptions(dryRunOptions(apply)).action(async (o, cmd: Command) => createOrApply(session(cmd), "apply", o));

  p.command("patch")
    .description("change fields of a resource (a JSON or YAML merge patch), guarded by its ETag")
    .argument("<type>")
    .argument("<name>")
    .requiredOption("-p, --patch <patch>", 'the fields to change, e.g. \'{"labels":{"env":"prod"}}\'')
    .addOption(clusterOption())
    .action(async (type: string, name: string, o, cmd: Command) => patch(session(cmd), type, name, o));

  const del = p
    .command("delete")
    .description("delete resources by name or selector (clusters: --dry-run shows the plan, --wait follows the teardown)")
    .argument("<type>")
    .argument("[names...]")
    .option("-l, --selector <selector>", "label selector")
    .option("--force", "hosts assigned to a cluster, host groups with hosts")
    .option("--ignore-not-found", "a name that does not exist is not an error")
    .addOption(clusterOption());
  waitOptions(dryRunOptions(del)).action(async (type: string, names: string[], o, cmd: Command) => remove(session(cmd), type, names, o));

  for (const verb of ["approve", "reject"] as const) {
    const c = p
      .command(verb)
      .description(
        `${verb} host requests: by id, by selector (hostname, machineId, os, arch) or every pending one; several at once in bulk`,
      )
      .argument("<type>", "host-requests")
      .argument("[ids...]")
      .option("-l, --selector <selector>", "pending requests matching hostname=, machineId=, os=, arch=")
      .option("--all-pending", "every pending request");
    if (verb === "reject") c.option("--reason <text>", "why (the machine is told)");
    c.action(async (type: string, ids: string[], o, cmd: Command) => decide(session(cmd), verb, type, ids, o));
  }

  for (const verb of ["add", "remove"] as const) {
    p.command(`${verb}-hosts`)
      .description(
        `${verb === "add" ? "put hosts into" : "take hosts out of"} a host group (by id, hostname or -l selector; per-host results)`,
      )
      .argument("<group>")
      .argument("[hosts...]")
      .option("-l, --selector <selector>", "hosts whose labels match")
      .action(async (group: string, hosts: string[], o, cmd: Command) => groupHosts(session(cmd), verb, group, hosts, o));
  }

  const sc = p
    .command("scale")
    .description("change a cluster's worker count, or one worker pool's (--pool)")
    .argument("<type>", "cluster")
    .argument("<name>")
    .option("--workers <n>", "the new worker count")
    .option("--pool <name>", "the worker pool to scale (default: workers, the primary pool)")
    .addOption(new Option("--replicas <n>", "the same as --workers").hideHelp());
  waitOptions(dryRunOptions(sc)).action(async (type: string, name: string, o, cmd: Command) =>
    scale(session(cmd), type, name, { ...o, workers: o.workers ?? o.replicas }),
  );

  const up = p
    .command("upgrade")
    .description("upgrade a cluster one minor version: the control plane first, then the workers")
    .argument("<type>", "cluster")
    .argument("<name>")
    .option("--to <version>", "the target version")
    .addOption(new Option("--kubernetes-version <version>", "the same as --to").hideHelp());
  waitOptions(dryRunOptions(up)).action(async (type: string, name: string, o, cmd: Command) =>
    upgrade(session(cmd), type, name, { ...o, to: o.to ?? o.kubernetesVersion }),
  );

  const tm = p
    .command("template-move")
    .description(
      "move a cluster made from a cluster template to another version of it: --dry-run shows what changes; the upgrade, scale and addon changes it needs then run one after the other",
    )
    .argument("<type>", "cluster")
    .argument("<name>")
    .option("--to <version>", "the template version")
    .option("--param <k=v>", "a parameter's new value (repeat); the others are kept", collect, []);
  waitOptions(tm)
    .option("--dry-run", "show the difference and the operations, change nothing")
    .addOption(outputOption())
    .action(async (type: string, name: string, o, cmd: Command) =>
      templateMove(session(cmd), type, name, { ...o, output: outputOf(o.output) }),
    );

  p.command("encrypt")
    .description("turn on etcd encryption at rest for a cluster (AES-GCM, keys rotated), change its settings, or --rotate its key now")
    .argument("<type>", "cluster")
    .argument("<name>")
    .option("--resources <list>", "the resources to encrypt, comma-separated (default secrets,configmaps)")
    .option("--rotation-hours <n>", "hours between key rotations (default 168)")
    .option("--keep-keys <n>", "how many of the newest keys are kept (default 8)")
    .option("--rotate", "rotate the key now instead of when due")
    .action(async (type: string, name: string, o, cmd: Command) => encrypt(session(cmd), type, name, o));

  const as = p
    .command("autoscale")
    .description(
      "let Karpenter scale a cluster's workers between --min and --max (the karpenter addon; CCS VM clusters only), or stop it (--disable)",
    )
    .argument("<type>", "cluster")
    .argument("<name>")
    .option("--min <n>", "the fewest workers Karpenter may scale down to (default 1)")
    .option("--max <n>", "the most workers Karpenter may scale up to (default 10)")
    .option("--log-level <level>", "Karpenter's log level (default info)")
    .option("--disable", "turn Karpenter off: the worker count stays what it is, ckpctl scale changes it again");
  waitOptions(as).action(async (type: string, name: string, o, cmd: Command) => autoscale(session(cmd), type, name, o));

  p.command("kubeconfig")
    .description("print a cluster's admin kubeconfig (project admins; each read is recorded in the audit trail), or write it to --file")
    .argument("<type>", "cluster")
    .argument("<name>")
    .option("--file <path>", "write it to this file (mode 600) instead of standard output")
    .action(async (type: string, name: string, o, cmd: Command) => kubeconfig(session(cmd), type, name, o));

  backupCommands(p, session);
  importedClusterCommands(p, session);
  addonCommands(p, session, outputOption);

  p.command("wait")
    .description("wait for a cluster to be Ready (or deleted), showing its saga step by step; exit 5 if it fails")
    .argument("<type>", "cluster")
    .argument("<name>")
    .option("--for <condition>", "ready or deleted", "ready")
    .option("--timeout <duration>", "give up after (exit 6)", "60m")
    .action(async (type: string, name: string, o, cmd: Command) => waitCmd(session(cmd), type, name, o));

  p.command("events")
    .description("the audit trail of the project (or the domain), oldest first; --follow for new ones")
    .option("-f, --follow", "keep printing new events")
    .option("--type <type>", "only events of this type (repeat)", collect, [])
    .option("--for <type/name>", "only events of one resource, e.g. cluster/edge-1")
    .option("--actor <kind:id>", "only events caused by this actor")
    .option("--since <duration>", "only events of the last duration (e.g. 1h)")
    .option("--limit <n>", "how many to show first", "50")
    .option("--interval <seconds>", "how often --follow polls", "2")
    .option("--all-projects", "the domain's events (domain-admin)")
    .addOption(outputOption())
    .action(async (o, cmd: Command) => events(session(cmd), { ...o, output: outputOf(o.output) }));

  p.command("host-psk")
    .description("the project's host pre-shared key, which agents register with (--rotate: a new one; the old one stops working)")
    .option("--rotate", "replace the key")
    .action(async (o: { rotate?: boolean }, cmd: Command) => {
      const s = session(cmd);
      const path = { domain: s.domain, project: s.project };
      const { data } = o.rotate
        ? await s.request<{ psk: string }>("post", "/v1/domains/{domain}/projects/{project}/host-psk/reset", { path })
        : await s.request<{ psk: string }>("get", "/v1/domains/{domain}/projects/{project}/host-psk", { path });
      process.stdout.write(`${data.psk}\n`);
    });

  p.command("completion")
    .description("a completion script: source <(ckpctl completion bash), or zsh")
    .argument("<shell>", "bash or zsh")
    .action((shell: string) => {
      if (shell !== "bash" && shell !== "zsh") throw new CliError("completion: bash or zsh", EXIT.usage);
      process.stdout.write(completionScript(shell));
    });

  p.command("version")
    .description("print ckpctl's version (and the current context's server)")
    .action(() => {
      const cfg = readConfig();
      const ctx = cfg.contexts.find((c) => c.name === cfg.currentContext);
      process.stdout.write(`ckpctl ${VERSION}${ctx ? `\nserver ${ctx.server} (context ${ctx.name})` : ""}\n`);
    });

  conventionForSubcommands(p);
  return p;
}
