import { type FormEvent, useId, useState } from "react";
import { useAuth } from "./AuthProvider";

/** Sign-in with an API token (POST /v1/tokens makes one; `npm run dev` prints the admin's as a sign-in link). */
export function SignIn() {
  const auth = useAuth();
  const [token, setToken] = useState("");
  const [remember, setRemember] = useState(false);
  const hint = useId();
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
        <p className="muted">Sign in with an API token. Your role decides what you can see and do.</p>
        {auth.message && (
          <p className="alert" role="alert">
            {auth.message}
          </p>
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
        <button type="submit" className="primary" disabled={auth.status === "checking"}>
          {auth.status === "checking" ? "Checking…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
