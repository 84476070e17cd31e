import { z } from "zod";

/** DNS-1123 label: names flow into Kubernetes objects. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const dnsLabel = z
  .string()
  .min(1)
  .max(63)
  .regex(DNS_LABEL, "must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with an alphanumeric");

/**
 * An http(s) URL by its form alone, so the OpenAPI document states exactly
 * what is accepted: an IPv4 address or a host name whose last label starts
 * with a letter (the URL standard reads a numeric last label as IPv4), a
 * port up to 65535, then path and query.
 */
export const HTTP_URL =
  /^https?:\/\/((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}|([A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?\.)*[A-Za-z]([-A-Za-z0-9]*[A-Za-z0-9])?)(:([0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?(\/[-A-Za-z0-9._~%!$&'()*+,;=:@/]*)?(\?[-A-Za-z0-9._~%!$&'()*+,;=:@/?]*)?$/;
export const httpUrl = z.string().max(2048).regex(HTTP_URL, "must be an http(s) URL");
export const HTTPS_URL = new RegExp(HTTP_URL.source.replace("^https?", "^https"));

/**
 * An RFC 3339 date and time, with Z or an offset. The pattern states for the
 * OpenAPI document what zod's check accepts (no leap second, upper-case T).
 */
export const dateTime = z.iso.datetime({ offset: true }).meta({
  format: "date-time",
  pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]+)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$",
});

/**
 * The JSON Schema of "exactly one of these fields": what a `superRefine`
 * checks, stated for the OpenAPI document (`.meta(exactlyOneOf(...))`).
 */
export function exactlyOneOf(...fields: string[]): { oneOf: Array<Record<string, unknown>> } {
  return { oneOf: fields.map((f) => ({ required: [f], not: { anyOf: fields.filter((o) => o !== f).map((o) => ({ required: [o] })) } })) };
}

/** Kubernetes-style label keys and values, used for host and group labels. */
export const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
export const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export const labelKey = z.string().max(253).regex(LABEL_KEY, "must be a Kubernetes label key");
export const labelValue = z.string().max(63).regex(LABEL_VALUE, "must be a Kubernetes label value");
export const labels = z
  .record(labelKey, labelValue)
  .refine((l) => Object.keys(l).length <= 64, { message: "at most 64 labels" })
  // the key rule and the count, for the OpenAPI document (a record's keys are not stated otherwise)
  .meta({ propertyNames: { maxLength: 253, pattern: LABEL_KEY.source }, maxProperties: 64 });
export type Labels = z.infer<typeof labels>;
