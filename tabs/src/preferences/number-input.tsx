import { Field, Input } from '@fluentui/react-components';

/** A labelled whole-number input; an empty box is NaN, which the schema refuses with a message. */
export function NumberInput(props: {
  label: string;
  value: number;
  onChange: (value: number) => void;
  min: number;
  max: number;
  hint?: string;
  message: string | null;
  disabled?: boolean;
}) {
  return (
    <Field label={props.label} hint={props.hint ?? null} validationMessage={props.message}>
      <Input
        type="number"
        inputMode="numeric"
        min={props.min}
        max={props.max}
        disabled={props.disabled ?? false}
        value={Number.isNaN(props.value) ? '' : String(props.value)}
        onChange={(_e, d) => props.onChange(d.value.trim() === '' ? Number.NaN : Number(d.value))}
      />
    </Field>
  );
}
