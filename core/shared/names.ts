import { z } from "zod";

/** DNS-1123 label: names flow into Kubernetes objects. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const dnsLabel = z
  .string()
  .min(1)
  .max(63)
  .regex(DNS_LABEL, "must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with an alphanumeric");

/** Kubernetes-style label keys and values, used for host and group labels. */
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export const labelKey = z.string().max(253).regex(LABEL_KEY, "must be a Kubernetes label key");
export const labelValue = z.string().max(63).regex(LABEL_VALUE, "must be a Kubernetes label value");
export const labels = z.record(labelKey, labelValue).refine((l) => Object.keys(l).length <= 64, {
  message: "at most 64 labels",
});
export type Labels = z.infer<typeof labels>;
