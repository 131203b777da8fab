import { stringify } from "yaml";

/**
 * The exact object a form will send, as YAML. Callers pass the output of the same builder
 * function their server action uses, so what is shown is what is sent.
 */
export function YamlPreview({ object, title = "What will be sent", note }: { object: unknown; title?: string; note?: React.ReactNode }) {
  const text = stringify(object, { indent: 2, lineWidth: 0 });
  return (
    <section aria-label={title} className="rounded-lg bg-slate-900 text-slate-100 shadow-sm">
      <header className="flex items-center justify-between border-b border-slate-700 px-3 py-2">
        <h2 className="text-xs font-semibold uppercase tracking-wide text-slate-300">{title}</h2>
        <span className="text-[10px] text-slate-400">YAML</span>
      </header>
      {note ? <div className="border-b border-slate-700 px-3 py-2 text-xs text-amber-200">{note}</div> : null}
      <pre data-testid="yaml-preview" className="max-h-[32rem] overflow-auto p-3 font-mono text-xs leading-relaxed">
        {text}
      </pre>
    </section>
  );
}
