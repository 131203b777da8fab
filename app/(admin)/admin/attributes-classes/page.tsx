import Link from "next/link";
import { requireAdmin } from "@/lib/auth/session";
import { attributesClassUsage, listAttributesClasses } from "@/lib/k8s/volume-attributes-classes";
import { modifyPhase } from "@/lib/flow/modify-steps";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { CsiTabs } from "@/components/csi/csi-tabs";
import { LiveRefresh } from "@/components/live/live-refresh";

export const metadata = { title: "Attribute classes" };

export default async function AttributesClassesPage({ searchParams }: { searchParams: Promise<{ done?: string; name?: string; deleted?: string }> }) {
  await requireAdmin();
  const sp = await searchParams;
  const [rows, usage] = await Promise.all([listAttributesClasses(), attributesClassUsage()]);
  return (
    <>
      <LiveRefresh topics={["persistentvolumeclaims"]} />
      <PageHeader title="Volume attribute classes" description="Mutable volume attributes (e.g. performance tier) that developers can switch a claim to." actions={<ButtonLink href="/admin/attributes-classes/new">New attribute class</ButtonLink>} />
      <CsiTabs current="/admin/attributes-classes" />
      {sp.done && sp.name ? <p role="status" className="mb-4 text-sm text-emerald-800">Attribute class {sp.name} {sp.done}.</p> : null}
      {sp.deleted ? <p role="status" className="mb-4 text-sm text-emerald-800">Attribute class {sp.deleted} deleted.</p> : null}
      {rows.length === 0 ? (
        <EmptyState title="No attribute classes">Create one for a CSI driver that supports ControllerModifyVolume.</EmptyState>
      ) : (
        <Table label="Attribute classes">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Driver</Th>
              <Th>Parameters</Th>
              <Th>Used by claims</Th>
              <Th />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((c) => (
              <tr key={c.uid} data-testid="attributes-class-row">
                <Td className="font-medium">{c.name}</Td>
                <Td>{c.driverName}</Td>
                <Td className="text-xs">{Object.entries(c.parameters).map(([k, v]) => `${k}=${v}`).join(", ")}</Td>
                <Td className="whitespace-normal text-xs">
                  {(usage.get(c.name) ?? []).map((u) => (
                    <span key={`${u.namespace}/${u.name}`} className="mr-2 inline-flex items-center gap-1">
                      {u.namespace}/{u.name}
                      {u.current === c.name && u.requested !== c.name ? <Badge tone="yellow">leaving</Badge> : null}
                      {u.requested === c.name && modifyPhase(u) !== "done" ? <Badge tone={modifyPhase(u) === "infeasible" ? "red" : "yellow"}>{modifyPhase(u)}</Badge> : null}
                    </span>
                  ))}
                  {(usage.get(c.name) ?? []).length ? null : "—"}
                </Td>
                <Td>
                  <Link className="text-rose-700 hover:underline" href={`/admin/attributes-classes/${encodeURIComponent(c.name)}/delete`}>
                    Delete…
                  </Link>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
