import { Resource } from "sst";

/**
 * Linked resources as SST provides them (an encrypted file on Lambda,
 * `SST_RESOURCE_<Name>` variables elsewhere; the local runner sets those).
 */
export function linked<T>(name: string): T {
  const value = (Resource as unknown as Record<string, T | undefined>)[name];
  if (value === undefined) throw new Error(`resource ${name} is not linked to this function (SST_RESOURCE_${name} unset)`);
  return value;
}

export function linkedOptional<T>(name: string): T | undefined {
  try {
    return (Resource as unknown as Record<string, T | undefined>)[name];
  } catch {
    return undefined;
  }
}
