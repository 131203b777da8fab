import { redirect } from "next/navigation";
import { isStorageAdmin, requireSession } from "@/lib/auth/session";

export default async function Home() {
  const id = await requireSession();
  redirect((await isStorageAdmin(id)) ? "/admin/storage-classes" : "/claims");
}
