import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { fetchClient, installMiddleware } from "../api/client";
import { completeSignIn, endOidcSession, isCallback, refreshDueIn, refreshSignIn } from "./oidc";
import type { Identity } from "./permissions";
import { clearToken, storedToken, storeToken, takeTokenFromFragment } from "./session";

/**
 * Sign-in state: a bearer token and who it is (GET /v1/whoami). The rest of
 * the app reads `useAuth()` and never sees how the token was obtained: an
 * API token typed in (or handed over in a sign-in link), or a sign-in with
 * the identity provider (./oidc.ts), whose token is renewed here before it
 * runs out.
 */
interface AuthState {
  identity: Identity | undefined;
  status: "signed-out" | "checking" | "signed-in";
  /** why the last sign-in failed, or why the session ended */
  message: string | undefined;
  signIn(token: string, remember: boolean): Promise<boolean>;
  signOut(message?: string): void;
}

const AuthContext = createContext<AuthState | undefined>(undefined);

/**
 * Every request carries the current token, set here synchronously on
 * sign-in (before any page can ask for data); a 401 ends the session
 * (the token was revoked or expired meanwhile).
 */
const current: { token: string | undefined; expired: () => void } = { token: undefined, expired: () => {} };
installMiddleware({
  onRequest({ request }) {
    if (current.token && !request.headers.has("authorization")) request.headers.set("authorization", `Bearer ${current.token}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401 && current.token) current.expired();
    return response;
  },
});

export function useAuth(): AuthState {
  const a = useContext(AuthContext);
  if (!a) throw new Error("useAuth outside AuthProvider");
  return a;
}

async function whoami(token: string): Promise<{ identity?: Identity; message?: string }> {
  try {
    const { data, error, response } = await fetchClient.GET("/v1/whoami", { headers: { authorization: `Bearer ${token}` } });
    if (data) return { identity: data };
    if (response.status === 401) return { message: "That token is unknown, expired or revoked." };
    return { message: error?.detail ?? `The control plane answered ${response.status}.` };
  } catch (e) {
    return { message: `The control plane did not answer: ${(e as Error).message}` };
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const queries = useQueryClient();
  const [callback] = useState(isCallback);
  const [token, setToken] = useState<string | undefined>(() => (callback ? undefined : (takeTokenFromFragment() ?? storedToken())));
  const [identity, setIdentity] = useState<Identity | undefined>();
  const [status, setStatus] = useState<AuthState["status"]>(token || callback ? "checking" : "signed-out");
  const [message, setMessage] = useState<string | undefined>();

  const signOut = useCallback(
    (why?: string) => {
      const idpLogout = endOidcSession();
      // signing out of the console ends the IdP session too, when the IdP lets it (not when the session merely expired)
      if (idpLogout && why === undefined) {
        clearToken();
        window.location.assign(idpLogout);
        return;
      }
      clearToken();
      setToken(undefined);
      setIdentity(undefined);
      setStatus("signed-out");
      setMessage(why);
      queries.clear();
    },
    [queries],
  );

  const signIn = useCallback(async (t: string, remember: boolean) => {
    setStatus("checking");
    const who = await whoami(t);
    if (!who.identity) {
      setStatus("signed-out");
      setMessage(who.message);
      return false;
    }
    storeToken(t, remember);
    setToken(t);
    setIdentity(who.identity);
    setMessage(undefined);
    setStatus("signed-in");
    return true;
  }, []);

  // back from the identity provider: the code becomes a token, then a sign-in like any other
  useEffect(() => {
    if (!callback) return;
    completeSignIn().then(
      (t) => signIn(t, false),
      (e: Error) => {
        setStatus("signed-out");
        setMessage(e.message);
      },
    );
  }, [callback, signIn]);

  // an IdP sign-in's token is renewed a minute before it runs out
  // (set again after each renewal: the new token re-arms it)
  useEffect(() => {
    if (status !== "signed-in" || !token) return;
    const due = refreshDueIn();
    if (due === undefined) return;
    const timer = setTimeout(() => {
      refreshSignIn().then(
        (t) => {
          storeToken(t, false);
          current.token = t;
          setToken(t);
        },
        (e: Error) => signOut(e.message),
      );
    }, due);
    return () => clearTimeout(timer);
  }, [status, token, signOut]);

  // a token from storage or the sign-in link is checked once at start
  useEffect(() => {
    if (!token || identity) return;
    void whoami(token).then((who) => {
      if (who.identity) {
        storeToken(token, localStorage.getItem("ckp.token") === token);
        setIdentity(who.identity);
        setStatus("signed-in");
      } else signOut(who.message);
    });
  }, [token, identity, signOut]);

  current.token = status === "signed-in" ? token : undefined;
  current.expired = () => signOut("The session ended: the token is no longer accepted. Sign in again.");

  const value = useMemo(() => ({ identity, status, message, signIn, signOut }), [identity, status, message, signIn, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
