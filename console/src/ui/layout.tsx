import type { ReactNode } from "react";
import { Link, useLocation } from "wouter";
import { can, rolesOf, useAuth } from "../auth";
import { useScope } from "./scope";

interface NavItem {
  href: string;
  label: string;
}

interface NavGroup {
  title: string;
  items: NavItem[];
}

function navFor(scope: { domain?: string; project?: string }, identity: ReturnType<typeof useAuth>["identity"]): NavGroup[] {
  const groups: NavGroup[] = [];
  const items: NavItem[] = [];
  const { domain, project } = scope;
  if (domain && project) {
    const p = `/d/${domain}/p/${project}`;
    items.push(
      { href: `${p}/clusters`, label: "Clusters" },
      { href: `${p}/cluster-templates`, label: "Cluster templates" },
      { href: `${p}/hosts`, label: "Hosts" },
      { href: `${p}/host-requests`, label: "Host requests" },
      { href: `${p}/host-groups`, label: "Host groups" },
    );
    if (can(identity, "admin", { domain, project })) items.push({ href: `${p}/registration`, label: "Registration (PSK)" });
    items.push(
      { href: `${p}/provider-clusters`, label: "Provider clusters" },
      { href: `${p}/backup-locations`, label: "Backup locations" },
    );
    if (can(identity, "admin", { domain, project })) items.push({ href: `${p}/tokens`, label: "Tokens" });
    items.push({ href: `${p}/audit`, label: "Audit trail" }, { href: `${p}/settings`, label: "Settings" });
  } else if (domain) {
    items.push({ href: `/d/${domain}`, label: "Projects" });
    if (can(identity, "admin", { domain })) {
      items.push(
        { href: `/d/${domain}/credentials`, label: "Credentials" },
        { href: `/d/${domain}/provider-clusters`, label: "Provider clusters" },
        { href: `/d/${domain}/tokens`, label: "Tokens" },
        { href: `/d/${domain}/audit`, label: "Audit trail" },
      );
    }
  }
  if (items.length) groups.push({ title: project ? `Project ${project}` : `Domain ${domain}`, items });
  if (identity?.role === "platform-admin") {
    groups.push({
      title: "Platform",
      items: [
        { href: "/domains", label: "All domains" },
        { href: "/management-clusters", label: "Management clusters" },
      ],
    });
  }
  return groups;
}

/** The frame of every page: who is signed in, where they are (domain › project), what they can open. */
export function Layout({ children }: { children: ReactNode }) {
  const { identity, signOut } = useAuth();
  const scope = useScope();
  const [loc] = useLocation();
  const groups = navFor(scope, identity);
  const boundTo = identity?.project ? `${identity.domain}/${identity.project}` : identity?.domain;
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link href="/" className="brand">
          <span className="brand-mark" aria-hidden="true" /> CKP console
        </Link>
        <nav aria-label="Breadcrumb" className="crumbs">
          <ol>
            {identity?.role === "platform-admin" && (
              <li>
                <Link href="/domains">Domains</Link>
              </li>
            )}
            {scope.domain && (
              <li>
                <Link href={`/d/${scope.domain}`}>{scope.domain}</Link>
              </li>
            )}
            {scope.domain && scope.project && (
              <li>
                <Link href={`/d/${scope.domain}/p/${scope.project}/clusters`}>{scope.project}</Link>
              </li>
            )}
          </ol>
        </nav>
        <div className="who">
          <span
            className="who-name"
            title={identity?.person ? `${identity.id} (${identity.person.email ?? identity.person.user})` : identity?.id}
          >
            {identity?.name ?? identity?.id}
          </span>
          <span className="badge tone-muted" title={identity ? rolesOf(identity).join("\n") : ""}>
            {identity?.role}
            {boundTo ? ` · ${boundTo}` : ""}
            {(identity?.grants?.length ?? 0) > 1 ? ` +${(identity?.grants?.length ?? 1) - 1}` : ""}
          </span>
          <button type="button" onClick={() => signOut()}>
            Sign out
          </button>
        </div>
      </header>
      {groups.length > 0 && (
        <nav className="sidenav" aria-label={scope.project ? "Project" : scope.domain ? "Domain" : "Platform"}>
          {groups.map((g) => (
            <div key={g.title}>
              {groups.length > 1 && (
                <p className="nav-group" aria-hidden="true">
                  {g.title}
                </p>
              )}
              <ul aria-label={g.title}>
                {g.items.map((i) => {
                  const active = loc === i.href || (loc.startsWith(`${i.href}/`) && i.href.split("/").length > 3);
                  return (
                    <li key={i.href}>
                      <Link href={i.href} aria-current={active ? "page" : undefined}>
                        {i.label}
                      </Link>
                    </li>
                  );
                })}
              </ul>
            </div>
          ))}
        </nav>
      )}
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

/** A page's heading, with its actions beside it. */
export function PageHeader({ title, children, badges }: { title: ReactNode; children?: ReactNode; badges?: ReactNode }) {
  return (
    <div className="page-header">
      <h1>
        {title} {badges}
      </h1>
      {children && <div className="page-actions">{children}</div>}
    </div>
  );
}
