import { cn } from "./cn";

interface FieldProps {
  name: string;
  label: string;
  error?: string;
  hint?: React.ReactNode;
  children: React.ReactNode;
}

/** Label, control, hint and the error message right next to the field. */
export function Field({ name, label, error, hint, children }: FieldProps) {
  return (
    <div className="space-y-1">
      <label htmlFor={name} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      {hint && !error ? <p className="text-xs text-slate-500">{hint}</p> : null}
      {error ? (
        <p id={`${name}-error`} role="alert" data-field-error={name} className="text-xs text-rose-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export const inputClass = (error?: string) =>
  cn(
    "block w-full rounded-md bg-white px-3 py-1.5 text-sm ring-1 ring-inset focus:outline-none focus:ring-2 focus:ring-indigo-500",
    error ? "ring-rose-400" : "ring-slate-300",
  );

export function FormMessage({ result }: { result: { ok: boolean; message?: string } | null }) {
  if (!result?.message) return null;
  return (
    <p role={result.ok ? "status" : "alert"} data-testid="form-message" className={cn("rounded-md px-3 py-2 text-sm ring-1", result.ok ? "bg-emerald-50 text-emerald-900 ring-emerald-200" : "bg-rose-50 text-rose-900 ring-rose-200")}>
      {result.message}
    </p>
  );
}
