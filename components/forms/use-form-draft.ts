"use client";

import { useMemo, useState } from "react";
import { isChecked } from "@/lib/validations/storage-class";

/**
 * Form state for the admin forms: every input is controlled from one `values` map shaped like
 * the server's formValues(), so the same parse/schema/builder runs in the browser (instant field
 * errors, YAML preview) and in the action. Client errors show once a field was left or the form
 * was submitted; a server error shows until its field is edited.
 */
export function useFormDraft(opts: {
  initial: Record<string, string>;
  serverErrors: Record<string, string> | undefined;
  submitted: boolean;
  validate: (values: Record<string, string>) => Record<string, string>;
}) {
  const [values, setValues] = useState(opts.initial);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  const { validate } = opts;
  const clientErrors = useMemo(() => validate(values), [validate, values]);

  const set = (name: string, value: string) => {
    setValues((v) => ({ ...v, [name]: value }));
    setEdited((s) => (s.has(name) ? s : new Set(s).add(name)));
  };
  const remove = (names: string[]) =>
    setValues((v) => {
      const next = { ...v };
      for (const n of names) delete next[n];
      return next;
    });
  const touch = (name: string) => setTouched((s) => (s.has(name) ? s : new Set(s).add(name)));
  const error = (name: string): string | undefined => {
    if ((opts.submitted || touched.has(name)) && clientErrors[name]) return clientErrors[name];
    return edited.has(name) ? undefined : opts.serverErrors?.[name];
  };
  const a11y = (name: string) => {
    const e = error(name);
    return { "aria-invalid": e ? true : undefined, "aria-describedby": e ? `${name}-error` : undefined };
  };
  const bind = (name: string) => ({
    id: name,
    name,
    value: values[name] ?? "",
    onChange: (e: { target: { value: string } }) => set(name, e.target.value),
    onBlur: () => touch(name),
    ...a11y(name),
  });
  const bindCheckbox = (name: string) => ({
    id: name,
    name,
    type: "checkbox" as const,
    value: "true",
    checked: isChecked(values[name]),
    onChange: (e: { target: { checked: boolean } }) => set(name, e.target.checked ? "true" : ""),
    onBlur: () => touch(name),
  });
  /** One checkbox of a multi-value field (values joined by "\n", as formValues does). */
  const bindMulti = (name: string, option: string) => {
    const list = (values[name] ?? "").split("\n").filter(Boolean);
    return {
      id: `${name}-${option}`,
      name,
      type: "checkbox" as const,
      value: option,
      checked: list.includes(option),
      onChange: (e: { target: { checked: boolean } }) =>
        set(name, (e.target.checked ? [...list, option] : list.filter((o) => o !== option)).join("\n")),
      onBlur: () => touch(name),
    };
  };
  return { values, set, remove, touch, error, bind, bindCheckbox, bindMulti, clientErrors };
}

export type FormDraft = ReturnType<typeof useFormDraft>;

/**
 * Remounts the form body after every action result: React resets a form after its action, and a
 * fresh mount from the submitted values keeps controlled checkboxes and selects in step.
 */
export function useResultKey(state: unknown): number {
  const [seen, setSeen] = useState(state);
  const [key, setKey] = useState(0);
  if (state !== seen) {
    setSeen(state);
    setKey(key + 1);
  }
  return key;
}
