import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { fetchClient, installMiddleware } from "../api/client";
import type { Identity } from "./permissions";
import { clearToken, storedToken, storeToken, takeTokenFromFragment } from "./session";

/**
 * Sign-in state: a bearer token and who it is (GET /v1/whoami). The rest of
 * the app reads `useAuth()` and never sees how the token was obtained, so
 * another way to sign in (an identity provider) changes this module only.
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
  const [token, setToken] = useState<string | undefined>(() => takeTokenFromFragment() ?? storedToken());
  const [identity, setIdentity] = useState<Identity | undefined>();
  const [status, setStatus] = useState<AuthState["status"]>(token ? "checking" : "signed-out");
  const [message, setMessage] = useState<string | undefined>();

  const signOut = useCallback(
    (why?: string) => {
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
