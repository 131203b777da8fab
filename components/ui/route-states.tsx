"use client";

/** Shared body for error.tsx files: a plain sentence and a retry, never the exception text. */
export function RouteError({ what, reset }: { what: string; reset: () => void }) {
  return (
    <div role="alert" className="rounded-lg bg-rose-50 p-6 text-rose-900 ring-1 ring-rose-200">
      <p className="font-medium">Could not load {what}.</p>
      <p className="mt-1 text-sm">The cluster may be unreachable. Your data is safe; try again in a moment.</p>
      <button type="button" onClick={reset} className="mt-3 rounded-md bg-white px-3 py-1.5 text-sm ring-1 ring-rose-300">
        Try again
      </button>
    </div>
  );
}
