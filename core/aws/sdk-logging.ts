/**
 * Takes the SDK's logger middleware off a client. The control plane gives
 * its clients no logger, yet the middleware still builds a redacted copy of
 * every command's input and output for the no-op logger (the arguments of
 * `logger?.info?.(…)` are evaluated when the method exists): in the clusters
 * benchmark that copying was over a second of CPU for 50 creates.
 */
export function withoutSdkLogging<C extends { middlewareStack: { remove(name: string): boolean } }>(client: C): C {
  client.middlewareStack.remove("loggerMiddleware");
  return client;
}
