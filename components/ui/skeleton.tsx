/** Placeholder rows for loading.tsx files. */
export function TableSkeleton({ label }: { label: string }) {
  return (
    <div aria-busy="true" aria-label={`Loading ${label}`} className="animate-pulse space-y-3">
      <div className="h-8 w-64 rounded bg-slate-200" />
      {Array.from({ length: 6 }, (_, i) => (
        <div key={i} className="h-10 rounded bg-slate-100" />
      ))}
    </div>
  );
}
