import { Redirect, Route, Switch } from "wouter";
import { homeOf, SignIn, useAuth } from "./auth";
import { Audit } from "./pages/audit";
import { BackupLocations } from "./pages/backup-locations";
import { ClusterPage } from "./pages/cluster";
import { ClusterTemplates } from "./pages/cluster-templates";
import { ClusterWizard } from "./pages/cluster-wizard";
import { Clusters } from "./pages/clusters";
import { Credentials } from "./pages/credentials";
import { DomainPage, Domains } from "./pages/domains";
import { HostGroupPage, HostGroups } from "./pages/host-groups";
import { HostRequests } from "./pages/host-requests";
import { Hosts } from "./pages/hosts";
import { ImportedClusterPage } from "./pages/imported-cluster";
import { ImportCluster } from "./pages/imported-cluster-import";
import { ManagementClusters } from "./pages/management-clusters";
import { ProjectSettings } from "./pages/project-settings";
import { ProviderClusters } from "./pages/provider-clusters";
import { Registration } from "./pages/registration";
import { Tokens } from "./pages/tokens";
import { Layout } from "./ui/layout";

const P = "/d/:domain/p/:project";

export function App() {
  const auth = useAuth();
  if (!auth.identity) {
    if (auth.status === "checking")
      return (
        <p className="splash" role="status">
          Signing in…
        </p>
      );
    return <SignIn />;
  }
  const home = homeOf(auth.identity);
  return (
    <Layout>
      <Switch>
        <Route path="/">
          <Redirect to={home} replace />
        </Route>
        <Route path="/domains" component={Domains} />
        <Route path="/management-clusters" component={ManagementClusters} />
        <Route path="/d/:domain" component={DomainPage} />
        <Route path="/d/:domain/credentials" component={Credentials} />
        <Route path="/d/:domain/provider-clusters" component={ProviderClusters} />
        <Route path="/d/:domain/tokens" component={Tokens} />
        <Route path="/d/:domain/audit" component={Audit} />
        <Route path={P}>{(p) => <Redirect to={`/d/${p.domain}/p/${p.project}/clusters`} replace />}</Route>
        <Route path={`${P}/clusters`} component={Clusters} />
        <Route path={`${P}/clusters/new`} component={ClusterWizard} />
        <Route path={`${P}/clusters/import`} component={ImportCluster} />
        <Route path={`${P}/imported-clusters/:id`} component={ImportedClusterPage} />
        <Route path={`${P}/clusters/:id`} component={ClusterPage} />
        <Route path={`${P}/cluster-templates`} component={ClusterTemplates} />
        <Route path={`${P}/hosts`} component={Hosts} />
        <Route path={`${P}/host-requests`} component={HostRequests} />
        <Route path={`${P}/registration`} component={Registration} />
        <Route path={`${P}/host-groups`} component={HostGroups} />
        <Route path={`${P}/host-groups/:name`} component={HostGroupPage} />
        <Route path={`${P}/provider-clusters`} component={ProviderClusters} />
        <Route path={`${P}/backup-locations`} component={BackupLocations} />
        <Route path={`${P}/tokens`} component={Tokens} />
        <Route path={`${P}/audit`} component={Audit} />
        <Route path={`${P}/settings`} component={ProjectSettings} />
        <Route>
          <section>
            <h1>Not found</h1>
            <p>Nothing lives at this address.</p>
          </section>
        </Route>
      </Switch>
    </Layout>
  );
}
