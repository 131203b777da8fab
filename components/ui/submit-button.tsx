"use client";

import { useFormStatus } from "react-dom";
import { Button } from "./button";
import { useClusterWritable } from "@/components/live/cluster-status-indicator";

/** Submit that waits for the action and refuses (with the reason) while the cluster is away. */
export function SubmitButton({ children, variant = "primary" }: { children: React.ReactNode; variant?: "primary" | "danger" }) {
  const { pending } = useFormStatus();
  const writable = useClusterWritable();
  return (
    <span className="inline-flex items-center gap-3">
      <Button type="submit" variant={variant} disabled={pending || !writable} aria-disabled={pending || !writable}>
        {pending ? "Working…" : children}
      </Button>
      {!writable ? <span className="text-xs text-amber-800">The cluster is unreachable; you can submit when it is back.</span> : null}
    </span>
  );
}
