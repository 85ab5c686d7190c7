import { Text } from "@saleor/macaw-ui";

import { FieldError } from "../api/client";
import { ErrorList } from "./States";

/** The errors the API gave for `field` (e.g. "steps.0.templates"), shown right below it. */
export function FieldErrors({ errors, field }: { errors: FieldError[]; field: string }) {
  const mine = errors.filter((error) => error.field === field);
  if (!mine.length) return null;
  return (
    <div role="alert" className="field-errors" data-testid="field-error" data-field={field}>
      {mine.map((error) => (
        <Text key={`${error.code}${error.message}`} size={2} color="critical1" display="block">
          {error.message || error.code || "Invalid value."}
        </Text>
      ))}
    </div>
  );
}

/** The errors of a form no field of it shows (`shown` says which fields do). */
export function OtherErrors({ errors, fieldErrors, shown }: {
  /** Everything that went wrong, in words (the mutation state's `errors`). */
  errors: string[];
  fieldErrors: FieldError[];
  shown: (field: string) => boolean;
}) {
  if (!fieldErrors.length) return <ErrorList errors={errors} />;
  const rest = fieldErrors.filter((error) => !error.field || !shown(error.field));
  if (!rest.length) return <ErrorList errors={["Please correct the fields marked above."]} />;
  return <ErrorList errors={rest.map((e) => (e.field ? `${e.field}: ` : "") + (e.message || e.code || "Invalid value."))} />;
}
