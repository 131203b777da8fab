import Link from "next/link";
import { isStorageAdmin, requireSession, workspaceNamespaces } from "@/lib/auth/session";
import { clusterStatus } from "@/lib/k8s/cluster-status";
import { LiveProvider } from "@/components/live/live-provider";
import { ClusterStatusIndicator, StaleBanner } from "@/components/live/cluster-status-indicator";
import { NavLink } from "./nav-link";
import { SignOutButton } from "./sign-out-button";

/** Header, role-based navigation and the live connection, around every signed-in page. */
export async function AppShell({ children }: { children: React.ReactNode }) {
  const id = await requireSession();
  const [admin, namespaces] = await Promise.all([isStorageAdmin(id), workspaceNamespaces(id)]);
  const s = clusterStatus();
  const developer = !admin && namespaces.length > 0;
  return (
    <LiveProvider user={id.user} initial={{ connected: s.connected, version: s.version, lastSyncAt: s.lastSyncAt }}>
      <header className="bg-slate-900 text-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-4 px-4 py-3">
          <Link href="/" className="font-semibold tracking-tight">
            Bindery
          </Link>
          <nav aria-label="Main" className="flex flex-wrap gap-1">
            {admin ? (
              <>
                <NavLink href="/admin/storage-classes">Storage classes</NavLink>
                <NavLink href="/admin/volumes">Volumes</NavLink>
                <NavLink href="/admin/claims">Claims</NavLink>
                <NavLink href="/admin/usage" also={["/admin/usage-source"]}>
                  Usage
                </NavLink>
                <NavLink href="/admin/unused">Unused review</NavLink>
                <NavLink href="/admin/snapshot-classes" also={["/admin/attributes-classes", "/admin/csi-drivers"]}>
                  Snapshots &amp; CSI
                </NavLink>
              </>
            ) : null}
            {developer ? (
              <>
                <NavLink href="/claims">Claims</NavLink>
                <NavLink href="/workloads">Workloads</NavLink>
                <NavLink href="/snapshots">Snapshots</NavLink>
                <NavLink href="/request">Request a volume</NavLink>
              </>
            ) : null}
          </nav>
          <div className="ml-auto flex items-center gap-4">
            <ClusterStatusIndicator />
            <span className="text-sm text-slate-300" data-testid="signed-in-user" title={id.groups.join(", ")}>
              {id.user}
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <StaleBanner />
      <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
    </LiveProvider>
  );
}
