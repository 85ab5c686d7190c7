import { Box, Input, Text } from "@saleor/macaw-ui";
import { ChangeEvent, ReactNode } from "react";

export function TextField({ label, value, onChange, type = "text", name, required, helperText }: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: "text" | "number" | "email" | "password" | "date" | "datetime-local";
  name?: string;
  required?: boolean;
  helperText?: ReactNode;
}) {
  return (
    <Input
      label={label}
      name={name}
      type={type}
      value={value}
      required={required}
      helperText={helperText}
      onChange={(event: ChangeEvent<HTMLInputElement>) => onChange(event.target.value)}
      size="small"
    />
  );
}

export interface Choice {
  value: string;
  label: string;
}

/** A native select (keyboard, phone and test friendly) dressed like Saleor's inputs. */
export function SelectField({ label, value, onChange, choices, name }: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  choices: Choice[];
  name?: string;
}) {
  return (
    <Box as="label" display="flex" flexDirection="column" gap={1} className="select-field">
      <Text size={2} color="default2">
        {label}
      </Text>
      <select name={name} value={value} onChange={(event) => onChange(event.target.value)}>
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </Box>
  );
}

/** A row of fields that wraps on narrow screens. */
export function FieldRow({ children }: { children: ReactNode }) {
  return (
    <Box display="flex" flexWrap="wrap" gap={3} alignItems="flex-end" className="field-row">
      {children}
    </Box>
  );
}
