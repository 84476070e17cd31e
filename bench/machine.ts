import { cpus, totalmem, type } from "node:os";

export function machineLine(): string {
  const c = cpus();
  return `${type()} ${process.arch}, ${c.length} × ${c[0]?.model.trim() ?? "cpu"}, ${Math.round(totalmem() / 1024 ** 3)} GiB RAM, Node ${process.version}`;
}
