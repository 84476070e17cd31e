import { buckets, type QueueName, queues } from "../../infra/resources.js";
import { linked } from "./linked.js";

export function queueUrl(q: QueueName): string {
  return linked<{ url: string }>(queues[q].logical).url;
}

export function archiveBucket(): string {
  return linked<{ name: string }>(buckets.archive.logical).name;
}

export function artifactsBucket(): string {
  return linked<{ name: string }>(buckets.artifacts.logical).name;
}
