/**
 * Where the console keeps the bearer token: sessionStorage (gone when the
 * tab closes) unless the user asks to be remembered on this device
 * (localStorage). A sign-in link may carry it as `#token=…` (the dev
 * server prints one); it is read once and removed from the address bar.
 */
const KEY = "ckp.token";

export function storedToken(): string | undefined {
  return sessionStorage.getItem(KEY) ?? localStorage.getItem(KEY) ?? undefined;
}

export function storeToken(token: string, remember: boolean): void {
  clearToken();
  (remember ? localStorage : sessionStorage).setItem(KEY, token);
}

export function clearToken(): void {
  sessionStorage.removeItem(KEY);
  localStorage.removeItem(KEY);
}

/** A token handed over in the URL fragment, taken out of the URL. */
export function takeTokenFromFragment(): string | undefined {
  const m = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (!m) return undefined;
  history.replaceState(null, "", window.location.pathname + window.location.search);
  return decodeURIComponent(m[1] as string);
}
