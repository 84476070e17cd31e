import { z } from "zod";
import { labelKey, labels, labelValue } from "./names.js";

/** A Kubernetes-style label selector (matchLabels AND matchExpressions). */
export const labelSelector = z
  .strictObject({
    matchLabels: labels.optional(),
    matchExpressions: z
      .array(
        z
          .strictObject({
            key: labelKey,
            operator: z.enum(["In", "NotIn", "Exists", "DoesNotExist"]),
            values: z.array(labelValue).max(64).optional(),
          })
          // In and NotIn take values, Exists and DoesNotExist none (the refinement below), for the OpenAPI document
          .meta({
            oneOf: [
              { properties: { operator: { enum: ["In", "NotIn"] }, values: { minItems: 1 } }, required: ["values"] },
              { properties: { operator: { enum: ["Exists", "DoesNotExist"] }, values: { maxItems: 0 } } },
            ],
          }),
      )
      .max(16)
      .optional(),
  })
  .superRefine((s, ctx) => {
    for (const [i, e] of (s.matchExpressions ?? []).entries()) {
      const needsValues = e.operator === "In" || e.operator === "NotIn";
      if (needsValues && !e.values?.length)
        ctx.addIssue({ code: "custom", path: ["matchExpressions", i, "values"], message: `${e.operator} needs values` });
      if (!needsValues && e.values?.length)
        ctx.addIssue({ code: "custom", path: ["matchExpressions", i, "values"], message: `${e.operator} takes no values` });
    }
  });
export type LabelSelector = z.infer<typeof labelSelector>;

export function matchesSelector(l: Record<string, string>, s: LabelSelector | undefined): boolean {
  if (!s) return true;
  for (const [k, v] of Object.entries(s.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of s.matchExpressions ?? []) {
    const has = Object.hasOwn(l, e.key);
    const v = l[e.key];
    switch (e.operator) {
      case "In":
        if (!has || !e.values?.includes(v as string)) return false;
        break;
      case "NotIn":
        if (has && e.values?.includes(v as string)) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
    }
  }
  return true;
}
