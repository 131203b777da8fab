"use client";

import { useFormStatus } from "react-dom";
import { Button } from "@/components/ui/button";
import { useClusterWritable } from "@/components/live/cluster-status-indicator";

/** Second submit of a form: asks the apiserver to validate (dry run) without saving. */
export function CheckButton() {
  const { pending } = useFormStatus();
  const writable = useClusterWritable();
  return (
    <Button type="submit" name="intent" value="check" variant="secondary" disabled={pending || !writable}>
      Check with the cluster
    </Button>
  );
}
