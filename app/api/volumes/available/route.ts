import { getIdentity } from "@/lib/auth/session";
import { searchAvailableVolumes } from "@/lib/k8s/persistent-volumes";
import { volumeSearchSchema } from "@/lib/validations/volume-search";

export const dynamic = "force-dynamic";

const json = (body: unknown, status = 200) => Response.json(body, { status, headers: { "Cache-Control": "no-store" } });

/**
 * The request form's volume picker: one page of Available volumes that match the claim as
 * typed, searched on the server from the shared cache (the page never holds the PV list).
 */
export async function GET(request: Request): Promise<Response> {
  const id = await getIdentity();
  if (!id) return json({ error: "Sign in first." }, 401);
  const parsed = volumeSearchSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return json({ error: parsed.error.issues[0]?.message ?? "Invalid search." }, 400);
  try {
    return json(await searchAvailableVolumes(parsed.data));
  } catch {
    return json({ error: "The volume list is not available right now." }, 503);
  }
}
