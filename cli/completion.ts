import type { Command, Option } from "commander";
import { readConfig } from "./config.js";
import { OUTPUTS } from "./output.js";
import { RESOURCES, resourceNamed } from "./resources.js";
import { Session } from "./session.js";

/**
 * Shell completion for bash and zsh, the way kubectl's works: the script
 * `ckpctl completion bash|zsh` prints calls `ckpctl __complete WORDS…`
 * (the words typed so far, the last being the one completed), which walks
 * the command tree commander built — subcommands, options, their choices —
 * and for resource names asks the API (best effort, 2 s).
 */
export function completionScript(shell: string, prog = "ckpctl"): string {
  if (shell === "bash") {
    return `# ${prog} completion for bash: source <(${prog} completion bash)
_${prog}_complete() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  local IFS=$'\\n'
  COMPREPLY=( $(compgen -W "$(${prog} __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)" -- "$cur") )
}
complete -o default -F _${prog}_complete ${prog}
`;
  }
  if (shell === "zsh") {
    return `#compdef ${prog}
# ${prog} completion for zsh: source <(${prog} completion zsh), or save as _${prog} in a directory of $fpath
_${prog}() {
  local -a candidates
  candidates=("\${(@f)$(${prog} __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  compadd -a candidates
}
if [ "$funcstack[1]" = "_${prog}" ]; then
  _${prog} "$@"
else
  compdef _${prog} ${prog}
fi
`;
  }
  throw new Error(`completion for ${shell}: bash or zsh`);
}

const optionNames = (c: Command): string[] =>
  (c.options as readonly Option[]).filter((o) => !o.hidden).flatMap((o) => [o.long, o.short].filter((x): x is string => Boolean(x)));

function allOptions(c: Command): readonly Option[] {
  const out: Option[] = [];
  for (let at: Command | null = c; at; at = at.parent) out.push(...(at.options as readonly Option[]));
  return out;
}

/** Commands whose first argument is a resource type, and which take names after it. */
const TYPED = new Set([
  "get",
  "describe",
  "delete",
  "patch",
  "create",
  "scale",
  "autoscale",
  "kubeconfig",
  "upgrade",
  "wait",
  "approve",
  "reject",
  "import",
  "register",
  "agent-token",
]);

/** The types a verb that is not about any resource takes (its first argument). */
const TYPES_OF: Record<string, string[]> = {
  approve: ["host-requests"],
  reject: ["host-requests"],
  scale: ["cluster"],
  autoscale: ["cluster"],
  kubeconfig: ["cluster"],
  upgrade: ["cluster"],
  wait: ["cluster"],
  import: ["cluster"],
  register: ["cluster", "management-cluster"],
  "agent-token": ["imported-cluster", "management-cluster"],
};

/** Verbs whose name is a new one: nothing to complete. */
const NEW_NAME = new Set(["import", "register"]);

/** Candidates for the last of `words` (the words after the program name). */
export async function complete(program: Command, words: string[]): Promise<string[]> {
  const current = words[words.length - 1] ?? "";
  const before = words.slice(0, -1);
  let cmd = program;
  const positionals: string[] = [];
  for (let i = 0; i < before.length; i++) {
    const w = before[i] as string;
    if (w.startsWith("-")) {
      const opt = allOptions(cmd).find((o) => o.long === w || o.short === w);
      if (opt && (opt.required || opt.optional) && !w.includes("=")) i++;
      continue;
    }
    const sub = cmd.commands.find((c) => c.name() === w || c.aliases().includes(w));
    if (sub && positionals.length === 0) cmd = sub;
    else positionals.push(w);
  }
  // the value of an option
  const prev = before[before.length - 1];
  if (prev?.startsWith("-")) {
    const opt = allOptions(cmd).find((o) => o.long === prev || o.short === prev);
    if (opt && (opt.required || opt.optional)) {
      if (opt.long === "--output") return [...OUTPUTS];
      if (opt.argChoices) return [...opt.argChoices];
      if (opt.long === "--context") return readConfig().contexts.map((c) => c.name);
      if (opt.long === "--for" && cmd.name() === "wait") return ["ready", "deleted"];
      if (opt.long === "--cluster") return names(before, "clusters");
      return [];
    }
  }
  if (current.startsWith("-")) return [...optionNames(cmd), ...(cmd.parent ? optionNames(program) : [])];
  const subs = cmd.commands.filter((c) => !(c as Command & { _hidden?: boolean })._hidden).map((c) => c.name());
  if (subs.length && positionals.length === 0) return subs;
  if (TYPED.has(cmd.name())) {
    if (positionals.length === 0) {
      return TYPES_OF[cmd.name()] ?? RESOURCES.map((r) => r.plural);
    }
    if (NEW_NAME.has(cmd.name())) return [];
    const r = resourceNamed(positionals[0] as string);
    if (r) return names(before, r.plural);
  }
  if (cmd.name() === "use-context" || cmd.name() === "delete-context" || cmd.name() === "set-context")
    return readConfig().contexts.map((c) => c.name);
  if (cmd.name() === "completion") return ["bash", "zsh"];
  return [];
}

/** Names of a resource, from the API with the context and flags typed so far (nothing if that fails). */
async function names(words: string[], plural: string): Promise<string[]> {
  const flag = (name: string) => {
    const i = words.indexOf(`--${name}`);
    return i >= 0 ? words[i + 1] : words.find((w) => w.startsWith(`--${name}=`))?.split("=")[1];
  };
  try {
    const s = Session.open({
      ...(flag("context") ? { context: flag("context") } : {}),
      ...(flag("domain") ? { domain: flag("domain") } : {}),
      ...(flag("project") ? { project: flag("project") } : {}),
    });
    const r = resourceNamed(plural);
    if (!r?.paths.list) return [];
    // node pools: of the cluster typed with -c/--cluster
    const i = words.findIndex((w) => w === "-c" || w === "--cluster");
    const read = async () => {
      await s.useCluster(r, i >= 0 ? words[i + 1] : flag("cluster"));
      return s.list(r, {}, 500);
    };
    const items = await Promise.race([read(), new Promise<never>((_, no) => setTimeout(() => no(new Error("slow")), 2000))]);
    return items.map((i) => r.name(i));
  } catch {
    return [];
  }
}
