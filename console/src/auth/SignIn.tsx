import { type FormEvent, useEffect, useId, useState } from "react";
import { useAuth } from "./AuthProvider";
import { beginSignIn, type SignInProvider, signInProviders } from "./oidc";

/**
 * Sign-in with the identity providers the control plane names (GET
 * /v1/auth/config; `?domain=acme` in the address adds that domain's), or
 * with an API token (POST /v1/tokens makes one; `npm run dev` prints the
 * admin's as a sign-in link).
 */
export function SignIn() {
  const auth = useAuth();
  const [token, setToken] = useState("");
  const [remember, setRemember] = useState(false);
  const [providers, setProviders] = useState<SignInProvider[]>([]);
  const [leaving, setLeaving] = useState<string | undefined>();
  const [idpError, setIdpError] = useState<string | undefined>();
  const hint = useId();
  useEffect(() => {
    signInProviders().then(setProviders, () => setProviders([]));
  }, []);
  const viaIdp = (p: SignInProvider) => {
    setLeaving(p.identityProvider);
    setIdpError(undefined);
    beginSignIn(p).catch((e: Error) => {
      setLeaving(undefined);
      setIdpError(e.message);
    });
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (token.trim()) await auth.signIn(token.trim(), remember);
  };
  return (
    <main className="signin" id="main">
      <form className="card signin-card" onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">
          <span className="brand-mark" aria-hidden="true" /> CKP console
        </h1>
        <p className="muted">
          {providers.length ? "Sign in with your company account, or with an API token." : "Sign in with an API token."} Your role decides
          what you can see and do.
        </p>
        {(auth.message ?? idpError) && (
          <p className="alert" role="alert">
            {auth.message ?? idpError}
          </p>
        )}
        {providers.length > 0 && (
          <div className="signin-idps">
            {providers.map((p) => (
              <button
                type="button"
                className="primary"
                key={p.identityProvider}
                disabled={!p.authorizationEndpoint || leaving !== undefined}
                title={p.authorizationEndpoint ? p.issuer : `${p.issuer} cannot be reached right now`}
                onClick={() => viaIdp(p)}
              >
                {leaving === p.identityProvider ? "Redirecting…" : `Sign in with ${p.displayName}`}
              </button>
            ))}
            <p className="divider muted">or</p>
          </div>
        )}
        <label htmlFor="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          required
          value={token}
          aria-describedby={hint}
          onChange={(e) => setToken(e.target.value)}
        />
        <p id={hint} className="hint">
          A token looks like <code>ckp_tok_…</code>. <code>npm run dev</code> prints a sign-in link for the platform admin.
        </p>
        <label className="check">
          <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} /> Remember me on this device
        </label>
        <button type="submit" className={providers.length ? undefined : "primary"} disabled={auth.status === "checking"}>
          {auth.status === "checking" ? "Checking…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
