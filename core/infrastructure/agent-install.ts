import type { AgentBuild } from "./driver.js";

/**
 * The shell script cloud-init runs on a new machine to install the host
 * agent: it downloads the agent build from the control plane, refuses it
 * unless its SHA-256 is the one the control plane named when it rendered
 * the user data, installs it, writes a systemd unit that registers
 * (ExecStartPre, waiting for approval as long as it takes) and then runs
 * the agent, and starts it without blocking cloud-init.
 *
 * The script is one subshell, so it can be a single `runcmd` entry (cloud-init
 * pastes string entries into one shell script: `exit` and `set -e` must not
 * leak into the template's other commands) or the content of a script file.
 * `CKP_INSTALL_ROOT` prefixes every path it writes (like DESTDIR): unset on
 * a machine; the machine test double sets it to install into a temp dir.
 */
export const AGENT_CONFIG_PATH = "/etc/ckp/agent.yaml";
export const AGENT_BIN_PATH = "/usr/local/bin/ckp-agent";
export const AGENT_STATE_DIR = "/var/lib/ckp-agent";
export const AGENT_UNIT_NAME = "ckp-agent.service";
export const AGENT_UNIT_PATH = `/etc/systemd/system/${AGENT_UNIT_NAME}`;
export const AGENT_SERVER_CA_PATH = "/etc/ckp/server-ca.pem";
/** The first line of the script: how a reader (or the machine double) finds it in the user data. */
export const AGENT_INSTALL_MARKER = "# ckp-agent install";

/** Minimal shell quoting: one single-quoted word. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function agentInstallScript(o: { machineName: string; build: AgentBuild; caCertificate?: string }): string {
  const { build } = o;
  if (!/^[0-9a-f]{64}$/.test(build.sha256)) throw new Error(`agent build digest ${build.sha256} is not 64 lowercase hex digits`);
  const ca = o.caCertificate?.replace(/\r\n/g, "\n").trim();
  const caBlock = ca
    ? [
        `cacert="$root${AGENT_SERVER_CA_PATH}"`,
        `mkdir -p "$(dirname "$cacert")"`,
        `cat > "$cacert" <<'CKP_CA'`,
        ca,
        "CKP_CA",
        `set -- --cacert "$cacert"`,
      ]
    : ["set --"];
  return [
    `( ${AGENT_INSTALL_MARKER} (machine ${o.machineName.replace(/[^A-Za-z0-9._-]/g, "")}, agent ${build.version.replace(/[^A-Za-z0-9.+_-]/g, "")})`,
    "set -eu",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell, not a template
    'root="${CKP_INSTALL_ROOT:-}"',
    `url=${shellQuote(build.url)}`,
    `sha256=${shellQuote(build.sha256)}`,
    `version=${shellQuote(build.version)}`,
    `bin="$root${AGENT_BIN_PATH}"`,
    `config="$root${AGENT_CONFIG_PATH}"`,
    `state="$root${AGENT_STATE_DIR}"`,
    `unit="$root${AGENT_UNIT_PATH}"`,
    'say() { echo "ckp-agent install: $*" >&2; }',
    'node="$(command -v node || true)"',
    'if [ -z "$node" ]; then say "Node.js 20 or newer must be installed on the image (no node on PATH)"; exit 1; fi',
    `if ! "$node" -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)'; then say "Node.js 20 or newer is required; $node is $("$node" --version)"; exit 1; fi`,
    `if [ ! -s "$config" ]; then say "$config is missing: the user data must write the agent config"; exit 1; fi`,
    'mkdir -p "$(dirname "$bin")" "$(dirname "$unit")"',
    ...caBlock,
    'if [ -f "$bin" ] && echo "$sha256  $bin" | sha256sum -c --status; then',
    '  say "ckp-agent $version is installed already"',
    "else",
    '  tmp="$bin.download"',
    "  tries=0",
    '  until curl -fsSL --proto-redir =https --connect-timeout 10 --max-time 300 "$@" -o "$tmp" "$url"; do',
    "    tries=$((tries + 1))",
    '    if [ "$tries" -ge 60 ]; then rm -f "$tmp"; say "could not download $url"; exit 1; fi',
    "    sleep 5",
    "  done",
    '  if ! echo "$sha256  $tmp" | sha256sum -c --status; then',
    '    rm -f "$tmp"',
    '    say "digest mismatch: $url is not the build the control plane named (sha256 $sha256); nothing installed"',
    "    exit 1",
    "  fi",
    '  chmod 0755 "$tmp"',
    '  mv -f "$tmp" "$bin"',
    "fi",
    'cat > "$unit" <<CKP_UNIT',
    ...agentUnitLines(),
    "CKP_UNIT",
    "systemctl daemon-reload",
    `systemctl enable --now --no-block ${AGENT_UNIT_NAME}`,
    `say "ckp-agent $version installed; ${AGENT_UNIT_NAME} is starting"`,
    ")",
  ].join("\n");
}

/**
 * The unit, as the script writes it (`${node}`, `${bin}`, … are expanded by
 * the shell). Registration waits for approval, so it may take hours:
 * TimeoutStartSec=infinity, and the script starts the unit with --no-block.
 * `run --restart exit` exits 75 after an in-place upgrade; Restart=always
 * starts the new build, whose ExecStartPre finds the identity and does nothing.
 */
function agentUnitLines(): string[] {
  return [
    "[Unit]",
    "Description=CKP host agent",
    "Wants=network-online.target",
    "After=network-online.target",
    "",
    "[Service]",
    "Type=simple",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell variables expanded by the heredoc
    "ExecStartPre=${node} ${bin} register --config ${config} --state-dir ${state}",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell variables expanded by the heredoc
    "ExecStart=${node} ${bin} run --config ${config} --state-dir ${state} --restart exit",
    "TimeoutStartSec=infinity",
    "Restart=always",
    "RestartSec=10",
    "",
    "[Install]",
    "WantedBy=multi-user.target",
  ];
}
