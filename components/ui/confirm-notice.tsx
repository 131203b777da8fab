/** The "done" banner a page shows after a confirmed action redirected to it. */
export function ConfirmNotice({ children, tone = "green" }: { children: React.ReactNode; tone?: "green" | "amber" }) {
  const cls = tone === "green" ? "bg-emerald-50 text-emerald-900 ring-emerald-200" : "bg-amber-50 text-amber-900 ring-amber-300";
  return (
    <p role="status" data-testid="done-notice" className={`mb-4 rounded-md px-3 py-2 text-sm ring-1 ${cls}`}>
      {children}
    </p>
  );
}
