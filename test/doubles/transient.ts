/**
 * A connection dropped under a request (an apiserver closing a kept-alive
 * socket just as it is reused, on a loaded machine): a real controller
 * requeues and tries again, so the doubles do the same at their next pass
 * instead of recording a failure. Anything else is still a failure.
 */
export function isTransientNetworkError(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown; cause?: unknown };
  const code = typeof err?.code === "string" ? err.code : "";
  const message = typeof err?.message === "string" ? err.message : "";
  if (code === "ECONNRESET" || code === "EPIPE" || /^socket hang up$/.test(message)) return true;
  return err?.cause !== undefined && err.cause !== e ? isTransientNetworkError(err.cause) : false;
}
