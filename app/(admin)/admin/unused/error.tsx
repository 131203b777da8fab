"use client";

import { RouteError } from "@/components/ui/route-states";

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return <RouteError what="the unused volume review" reset={reset} />;
}
