import type { SandboxSummary } from "./sandbox.js";

/** What `npm run dev` prints once the sandbox is up. */
export function sandboxBanner(s: SandboxSummary, signIn: string): string {
  return `
Sandbox is up in ${(s.startedInMs / 1000).toFixed(1)} s — a SIMULATED data centre, labelled so in the console and the API
  Management cluster  ${s.managementCluster.name}: a real kube-apiserver at ${s.managementCluster.server}
                      driven by ${s.controllers}
  Orbiter BMS         ${s.bms.url} (simulated; pool ${s.bms.pool}, ${s.bms.servers} servers, each runs the real ckp-agent ${s.agent.version})
  CCS cloud           ${s.vmProvider.authUrl} (simulated OpenStack; its VMs run the real ckp-agent too)
  Provider clusters   ${s.provider} (bare metal) and ${s.vmProvider.name} (VMs; Karpenter autoscaling) in every domain
  Try it              open ${signIn}
                      → domain ${s.demo.domain} → project ${s.demo.project} → Clusters → Create cluster (host group ${s.demo.group})
${
  s.identityProvider
    ? `  Sign-in (SSO)       "Sign in with Sandbox SSO" on the sign-in page, or ckpctl login <url> --sso (simulated IdP at ${s.identityProvider.issuer}):
${s.identityProvider.signIns.map((u) => `                      ${u.user} / ${u.password}  (${u.reach})`).join("\n")}
`
    : ""
}  Every project created from now on gets ${s.hostsPerProject} simulated servers registering as hosts (CKP_SANDBOX_HOSTS_PER_PROJECT).
`;
}
