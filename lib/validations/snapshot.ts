import { z } from "zod";
import { parseQuantity } from "@/lib/quantity";
import { ACCESS_MODES, dnsLabel, dnsSubdomain, storageSize } from "./common";
import { lines } from "./storage-class";

/** Forms of the snapshot features: take, restore, clone, delete. Shared by browser and action. */

const driverSize = (min: string | undefined, size: string) => {
  const want = parseQuantity(size);
  const floor = parseQuantity(min);
  return want === undefined || floor === undefined || want >= floor;
};

export const takeSnapshotSchema = z.object({
  namespace: dnsLabel,
  claim: dnsSubdomain,
  name: dnsSubdomain,
  className: z.string().trim().min(1, "Choose a snapshot class."),
});
export type TakeSnapshotInput = z.infer<typeof takeSnapshotSchema>;

const accessModesField = z
  .string()
  .transform((s) => lines(s.replaceAll(",", "\n")))
  .pipe(z.array(z.enum(ACCESS_MODES, { error: "Unknown access mode." })).min(1, "Choose at least one access mode."));

/** Restore: size at least the snapshot's restoreSize (the driver cannot shrink data). */
export const restoreSchema = z
  .object({
    namespace: dnsLabel,
    snapshot: dnsSubdomain,
    name: dnsSubdomain,
    storageClass: z.string().trim().min(1, "Choose a storage class of the snapshot's driver."),
    size: storageSize,
    restoreSize: z.string().optional(),
    accessModes: accessModesField,
  })
  .superRefine((v, ctx) => {
    if (!driverSize(v.restoreSize || undefined, v.size)) {
      ctx.addIssue({ code: "custom", path: ["size"], message: `The snapshot holds ${v.restoreSize}: the new claim must be at least that big.` });
    }
  });
export type RestoreInput = z.infer<typeof restoreSchema>;

/** Clone: same namespace and class as the source, size at least the source's. */
export const cloneSchema = z
  .object({
    namespace: dnsLabel,
    source: dnsSubdomain,
    name: dnsSubdomain,
    size: storageSize,
    sourceSize: z.string().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.name === v.source) ctx.addIssue({ code: "custom", path: ["name"], message: "The clone needs a name of its own." });
    if (!driverSize(v.sourceSize || undefined, v.size)) {
      ctx.addIssue({ code: "custom", path: ["size"], message: `The source claim is ${v.sourceSize}: the clone must be at least that big.` });
    }
  });
export type CloneInput = z.infer<typeof cloneSchema>;

/** Retention of a "kept" snapshot (taken before a delete): a date from today on. */
export function keepUntilSchema(today: string) {
  return z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "Pick a date (YYYY-MM-DD).")
    .refine((d) => !Number.isNaN(Date.parse(d)), "Pick a real date.")
    .refine((d) => d >= today, "The retention date cannot be in the past.");
}

/** Change a claim's VolumeAttributesClass. */
export const changeAttributesSchema = z.object({
  namespace: dnsLabel,
  claim: dnsSubdomain,
  className: z.string().trim().min(1, "Choose an attributes class."),
});

/** "Take a snapshot first, then delete": the claim shown (uid) and the class of its driver. */
export function keepThenDeleteSchema(today: string) {
  return z.object({
    namespace: dnsLabel,
    name: dnsSubdomain,
    uid: z.string().min(1, "The form lost which claim to delete. Reload and try again."),
    className: z.string().trim().min(1, "Choose a snapshot class."),
    keepUntil: keepUntilSchema(today),
  });
}
