import { useLocation } from "wouter";

/** The tenant the current page is about, read from its address (/d/<domain>/p/<project>/…). */
export interface Tenant {
  domain: string;
  project: string;
  /** the console path of the project, /d/<domain>/p/<project> */
  href: string;
  /** path parameters for project-scoped API calls */
  path: { domain: string; project: string };
}

export function useScope(): { domain?: string; project?: string } {
  const [loc] = useLocation();
  const m = /^\/d\/([^/]+)(?:\/p\/([^/]+))?/.exec(loc);
  if (!m) return {};
  return { domain: decodeURIComponent(m[1] as string), ...(m[2] ? { project: decodeURIComponent(m[2]) } : {}) };
}

export function useTenant(): Tenant {
  const s = useScope();
  if (!s.domain || !s.project) throw new Error("this page belongs to a project");
  return {
    domain: s.domain,
    project: s.project,
    href: `/d/${s.domain}/p/${s.project}`,
    path: { domain: s.domain, project: s.project },
  };
}

export function useDomain(): string {
  const s = useScope();
  if (!s.domain) throw new Error("this page belongs to a domain");
  return s.domain;
}
