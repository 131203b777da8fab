import { z } from "zod";
import { dnsLabel, dnsSubdomain } from "./common";

// Scaling and deleting a workload, and the plan the confirm page showed (carried in the URL
// of the page that follows the teardown, so it follows exactly what was promised).

export const MAX_REPLICAS = 20;

const kind = z.enum(["Deployment", "StatefulSet"], { message: "Unknown workload kind." });

export const replicasField = z.coerce
  .number({ message: "Enter a number of replicas." })
  .int("Use a whole number.")
  .min(0, "Use 0 or more (0 stops every pod).")
  .max(MAX_REPLICAS, `Use at most ${MAX_REPLICAS} here.`);

const target = {
  namespace: dnsLabel,
  kind,
  name: dnsSubdomain,
  /** The uid shown on the confirm page: a workload recreated under the same name is not touched. */
  uid: z.string().trim().min(1, "The page is out of date; open it again."),
};

export const scaleSchema = z.object({
  ...target,
  replicas: replicasField,
  /** The replica count the preview was computed from; a change since means a new preview. */
  from: z.coerce.number().int().min(0),
});

export const deleteWorkloadSchema = z.object({
  ...target,
  deleteClaims: z.enum(["true", "false"]).optional(),
  acknowledge: z.literal("true", { message: "Tick the box to confirm." }),
});

export const deleteClaimSchema = z.object({
  namespace: dnsLabel,
  name: dnsSubdomain,
  uid: z.string().trim().optional(),
  acknowledge: z.literal("true", { message: "Tick the box to confirm." }),
});

const fate = z.enum(["stays", "unused", "deleted", "created", "reused"]);

/** The part of a plan the teardown page needs: which pods stop and what becomes of each claim. */
export const teardownPlanSchema = z.object({
  mode: z.enum(["scale", "delete"]),
  kind,
  namespace: dnsLabel,
  name: dnsSubdomain,
  from: z.number().int().min(0),
  to: z.number().int().min(0),
  pods: z.array(dnsSubdomain).max(100),
  claims: z
    .array(
      z.object({
        claim: dnsSubdomain,
        fate,
        volume: dnsSubdomain.optional(),
        reclaimPolicy: z.string().max(20).optional(),
        snapshot: dnsSubdomain.optional(),
      }),
    )
    .max(200),
});

export type TeardownPlan = z.infer<typeof teardownPlanSchema>;

export function encodePlan(p: TeardownPlan): string {
  const slim: TeardownPlan = {
    ...p,
    claims: p.claims.map((c) => ({
      claim: c.claim,
      fate: c.fate,
      ...(c.volume ? { volume: c.volume } : {}),
      ...(c.reclaimPolicy ? { reclaimPolicy: c.reclaimPolicy } : {}),
      ...(c.snapshot ? { snapshot: c.snapshot } : {}),
    })),
  };
  return Buffer.from(JSON.stringify(slim)).toString("base64url");
}

/** The plan from a URL, or undefined when it is missing or not a plan. */
export function decodePlan(s: string | undefined): TeardownPlan | undefined {
  if (!s || s.length > 20_000) return undefined;
  try {
    const parsed = teardownPlanSchema.safeParse(JSON.parse(Buffer.from(s, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
