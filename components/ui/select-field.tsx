import { Field, inputClass } from "./field";

type Option = string | { value: string; label: string };

interface Props {
  name: string;
  label: string;
  error?: string;
  hint?: React.ReactNode;
  value: string | undefined;
  onChange: (value: string) => void;
  options: readonly Option[];
  /** An empty first choice ("Choose…"), for selects that start unset. */
  placeholder?: string;
}

/** A labelled, controlled select with its error next to it. */
export function SelectField({ name, label, error, hint, value, onChange, options, placeholder }: Props) {
  return (
    <Field name={name} label={label} error={error} hint={hint}>
      <select id={name} name={name} className={inputClass(error)} value={value} onChange={(e) => onChange(e.target.value)}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) =>
          typeof o === "string" ? (
            <option key={o}>{o}</option>
          ) : (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ),
        )}
      </select>
    </Field>
  );
}
