import { Box, Button, Text } from "@saleor/macaw-ui";

import { FieldError } from "../../api/client";
import { CHANNEL_NAMES, CHANNELS, MessageChannel, PLACEHOLDERS, StepDraft } from "../../api/journeys";
import { FieldErrors } from "../../components/FieldErrors";
import { Choice, FieldRow, SelectField, TextField } from "../../components/Fields";

/** One step of the journey form: its wait, gifts, survey and a message per channel. */
export function StepFields({ index, step, onChange, onRemove, surveys, errors }: {
  index: number;
  step: StepDraft;
  onChange: (step: StepDraft) => void;
  onRemove?: () => void;
  surveys: Choice[];
  errors: FieldError[];
}) {
  const set = (key: Exclude<keyof StepDraft, "templates">) => (value: string) => onChange({ ...step, [key]: value });
  const setTemplate = (channel: MessageChannel) => (value: string) =>
    onChange({ ...step, templates: { ...step.templates, [channel]: value } });
  const field = (name: string) => `steps.${index}.${name}`;
  return (
    <Box className="step" data-testid={`step-${index}`} display="flex" flexDirection="column" gap={3}>
      <Box display="flex" justifyContent="space-between" alignItems="center">
        <Text fontWeight="bold">{`Step ${index + 1}`}</Text>
        {onRemove && <Button type="button" variant="tertiary" size="small" onClick={onRemove}>Remove step</Button>}
      </Box>
      <FieldErrors errors={errors} field={`steps.${index}`} />
      <FieldRow>
        <Labelled errors={errors} field={field("waitHours")}>
          <TextField label="Wait (hours after the occasion)" name="waitHours" type="number" value={step.waitHours}
            onChange={set("waitHours")} />
        </Labelled>
        <Labelled errors={errors} field={field("bonusPoints")}>
          <TextField label="Bonus points" name="bonusPoints" type="number" value={step.bonusPoints}
            onChange={set("bonusPoints")} />
        </Labelled>
        <SelectField label="Survey ({survey_url})" name="survey" value={step.survey} onChange={set("survey")}
          choices={surveys} />
      </FieldRow>
      <FieldErrors errors={errors} field={field("survey")} />
      <FieldRow>
        <Labelled errors={errors} field={field("couponValue")}>
          <TextField label="Coupon value" name="couponValue" type="number" value={step.couponValue}
            onChange={set("couponValue")} />
        </Labelled>
        <Labelled errors={errors} field={field("couponValueType")}>
          <SelectField label="Coupon type" name="couponValueType" value={step.couponValueType}
            onChange={set("couponValueType")}
            choices={[{ value: "FIXED", label: "Amount off" }, { value: "PERCENTAGE", label: "Percent off" }]} />
        </Labelled>
        <Labelled errors={errors} field={field("couponValidDays")}>
          <TextField label="Coupon valid (days)" name="couponValidDays" type="number" value={step.couponValidDays}
            onChange={set("couponValidDays")} />
        </Labelled>
      </FieldRow>
      <Box className="templates" display="grid" gap={3}>
        {CHANNELS.map((channel) => (
          <Box as="label" key={channel} display="flex" flexDirection="column" gap={1}>
            <Text size={2} color="default2">{`${CHANNEL_NAMES[channel]} message`}</Text>
            <textarea name={`template-${channel}`} rows={channel === "email" ? 3 : 2} value={step.templates[channel]}
              onChange={(e) => setTemplate(channel)(e.target.value)} />
          </Box>
        ))}
      </Box>
      <Text size={2} color="default2" data-testid="placeholder-hint">
        {`Placeholders: ${PLACEHOLDERS.map((p) => `{${p}}`).join(" ")}. A channel left empty sends nothing; ` +
          "write {{ and }} for literal braces."}
      </Text>
      <FieldErrors errors={errors} field={field("templates")} />
    </Box>
  );
}

function Labelled({ errors, field, children }: { errors: FieldError[]; field: string; children: React.ReactNode }) {
  return (
    <Box display="flex" flexDirection="column" gap={1}>
      {children}
      <FieldErrors errors={errors} field={field} />
    </Box>
  );
}
