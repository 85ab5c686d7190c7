import { Box, Button, Text } from "@saleor/macaw-ui";
import { FormEvent, useState } from "react";

import { FieldError } from "../../api/client";
import { useMutation } from "../../api/hooks";
import {
  EMPTY_JOURNEY, EMPTY_STEP, Journey, JOURNEY_CREATE, JOURNEY_UPDATE, journeyDraft, JourneyDraft, journeyInput,
  StepDraft, Trigger, TRIGGER_NAMES, TRIGGERS,
} from "../../api/journeys";
import { SEGMENTS, useTierChoices } from "../../api/program";
import { useSurveyChoices } from "../../api/surveys";
import { Card } from "../../components/Card";
import { FieldErrors, OtherErrors } from "../../components/FieldErrors";
import { FieldRow, SelectField, TextField } from "../../components/Fields";
import { humanize } from "../../format";
import { StepFields } from "./StepFields";

type Payload = { errors: FieldError[]; journey: Journey | null };

const MAX_STEPS = 10;
/** The fields this form shows errors next to; the others are listed under it. */
const SHOWN = /^(name|trigger|tier|segment|pointsGap|month|day|steps(\.\d+(\.(waitHours|bonusPoints|couponValue|couponValueType|couponValidDays|survey|templates))?)?)$/;

export function JourneyForm({ journey, onSaved }: { journey?: Journey; onSaved: (journey: Journey) => void }) {
  const [draft, setDraft] = useState<JourneyDraft>(() => (journey ? journeyDraft(journey) : EMPTY_JOURNEY));
  const { choices: tiers } = useTierChoices("Choose a tier");
  const surveys = useSurveyChoices();
  const [create, createState] = useMutation<Payload>(JOURNEY_CREATE, "loyaltyJourneyCreate");
  const [update, updateState] = useMutation<Payload>(JOURNEY_UPDATE, "loyaltyJourneyUpdate");
  const state = journey ? updateState : createState;
  const set = <K extends keyof JourneyDraft>(key: K) => (value: JourneyDraft[K]) => setDraft({ ...draft, [key]: value });
  const setStep = (index: number) => (step: StepDraft) =>
    setDraft({ ...draft, steps: draft.steps.map((s, i) => (i === index ? step : s)) });
  const removeStep = (index: number) => () => setDraft({ ...draft, steps: draft.steps.filter((_, i) => i !== index) });
  function addStep() {
    const last = draft.steps[draft.steps.length - 1];
    const wait = last ? String((Number(last.waitHours) || 0) + 24) : "0";
    setDraft({ ...draft, steps: [...draft.steps, { ...EMPTY_STEP, waitHours: wait }] });
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const input = journeyInput(draft);
    const result = journey ? await update({ id: journey.id, input }) : await create({ input });
    if (result?.journey) onSaved(result.journey);
  }

  const errors = state.fieldErrors;
  return (
    <Card title={journey ? "Settings and steps" : "New journey"}>
      <Box as="form" onSubmit={submit} display="flex" flexDirection="column" gap={4} data-testid="journey-form">
        <FieldRow>
          <Box display="flex" flexDirection="column" gap={1}>
            <TextField label="Name" name="name" value={draft.name} onChange={set("name")} required />
            <FieldErrors errors={errors} field="name" />
          </Box>
          <Box display="flex" flexDirection="column" gap={1}>
            <SelectField label="Trigger" name="trigger" value={draft.trigger} onChange={(v) => set("trigger")(v as Trigger)}
              choices={TRIGGERS.map((t) => ({ value: t, label: TRIGGER_NAMES[t] }))} />
            <FieldErrors errors={errors} field="trigger" />
          </Box>
          {draft.trigger === "NEAR_NEXT_TIER" && (
            <Box display="flex" flexDirection="column" gap={1}>
              <TextField label="At most this many points short" name="pointsGap" type="number" value={draft.pointsGap}
                onChange={set("pointsGap")} />
              <FieldErrors errors={errors} field="pointsGap" />
            </Box>
          )}
          {draft.trigger === "DATE" && (
            <>
              <TextField label="Month (1-12)" name="month" type="number" value={draft.month} onChange={set("month")} />
              <Box display="flex" flexDirection="column" gap={1}>
                <TextField label="Day" name="day" type="number" value={draft.day} onChange={set("day")} />
                <FieldErrors errors={errors} field="month" />
                <FieldErrors errors={errors} field="day" />
              </Box>
            </>
          )}
        </FieldRow>
        <FieldRow>
          <SelectField label="Members" name="audience" value={draft.audience}
            onChange={(v) => set("audience")(v as JourneyDraft["audience"])} choices={[
              { value: "all", label: "All members" }, { value: "tier", label: "A tier" },
              { value: "segment", label: "A segment" }]} />
          {draft.audience === "tier" && (
            <Box display="flex" flexDirection="column" gap={1}>
              <SelectField label="Tier" name="tier" value={draft.tier} onChange={set("tier")} choices={tiers} />
              <FieldErrors errors={errors} field="tier" />
            </Box>
          )}
          {draft.audience === "segment" && (
            <Box display="flex" flexDirection="column" gap={1}>
              <SelectField label="Segment" name="segment" value={draft.segment} onChange={set("segment")}
                choices={SEGMENTS.map((s) => ({ value: s, label: humanize(s) }))} />
              <FieldErrors errors={errors} field="segment" />
            </Box>
          )}
          <Box as="label" display="flex" gap={2} alignItems="center">
            <input type="checkbox" name="active" checked={draft.active} onChange={(e) => set("active")(e.target.checked)} />
            <Text size={3}>Active</Text>
          </Box>
        </FieldRow>
        <Text as="h3" fontWeight="bold">Steps</Text>
        <FieldErrors errors={errors} field="steps" />
        {draft.steps.map((step, index) => (
          <StepFields key={index} index={index} step={step} onChange={setStep(index)} surveys={surveys} errors={errors}
            onRemove={draft.steps.length > 1 ? removeStep(index) : undefined} />
        ))}
        <Box display="flex" justifyContent="space-between" gap={3} flexWrap="wrap">
          <Button type="button" variant="secondary" onClick={addStep} disabled={draft.steps.length >= MAX_STEPS}>
            Add a step
          </Button>
          <Button type="submit" variant="primary" disabled={state.running}>
            {state.running ? "Saving…" : journey ? "Save journey" : "Create journey"}
          </Button>
        </Box>
        <OtherErrors errors={state.errors} fieldErrors={errors} shown={(field) => SHOWN.test(field)} />
      </Box>
    </Card>
  );
}
