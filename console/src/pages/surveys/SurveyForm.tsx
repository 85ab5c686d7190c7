import { Box, Button, Text } from "@saleor/macaw-ui";
import { FormEvent, useState } from "react";

import { FieldError } from "../../api/client";
import { useMutation } from "../../api/hooks";
import { Survey, SURVEY_CREATE, SURVEY_UPDATE } from "../../api/surveys";
import { Card } from "../../components/Card";
import { FieldErrors, OtherErrors } from "../../components/FieldErrors";
import { FieldRow, TextField } from "../../components/Fields";
import { Notice } from "../../components/States";

type Payload = { errors: FieldError[]; survey: Survey | null };
const SHOWN = new Set(["name", "question", "points"]);

/** Create a survey, or edit one (`survey`). */
export function SurveyForm({ survey, onSaved }: { survey?: Survey; onSaved: (survey: Survey) => void }) {
  const [draft, setDraft] = useState({
    name: survey?.name ?? "", question: survey?.question ?? "", points: String(survey?.points ?? 0),
    active: survey?.active ?? true,
  });
  const [saved, setSaved] = useState(false);
  const [create, createState] = useMutation<Payload>(SURVEY_CREATE, "loyaltySurveyCreate");
  const [update, updateState] = useMutation<Payload>(SURVEY_UPDATE, "loyaltySurveyUpdate");
  const state = survey ? updateState : createState;
  const set = (key: "name" | "question" | "points") => (value: string) => setDraft({ ...draft, [key]: value });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const input = { ...draft, points: Number(draft.points || 0) };
    const result = survey ? await update({ id: survey.id, input }) : await create({ input });
    if (result?.survey) {
      setSaved(true);
      onSaved(result.survey);
    }
  }

  return (
    <Card title={survey ? "Edit survey" : "New survey"}>
      <Box as="form" onSubmit={submit} display="flex" flexDirection="column" gap={3} data-testid="survey-form">
        <Text size={2} color="default2">
          Members answer with a score from 1 to 5 and a comment; the points are given once per member.
        </Text>
        <FieldRow>
          <Box display="flex" flexDirection="column" gap={1}>
            <TextField label="Name" name="name" value={draft.name} onChange={set("name")} required />
            <FieldErrors errors={state.fieldErrors} field="name" />
          </Box>
          <Box display="flex" flexDirection="column" gap={1}>
            <TextField label="Points for an answer" name="points" type="number" value={draft.points} onChange={set("points")} />
            <FieldErrors errors={state.fieldErrors} field="points" />
          </Box>
          <Box as="label" display="flex" gap={2} alignItems="center">
            <input type="checkbox" name="active" checked={draft.active}
              onChange={(e) => setDraft({ ...draft, active: e.target.checked })} />
            <Text size={3}>Open for answers</Text>
          </Box>
        </FieldRow>
        <Box as="label" display="flex" flexDirection="column" gap={1}>
          <Text size={2} color="default2">Question</Text>
          <textarea name="question" rows={2} value={draft.question} onChange={(e) => set("question")(e.target.value)} />
        </Box>
        <FieldErrors errors={state.fieldErrors} field="question" />
        <OtherErrors errors={state.errors} fieldErrors={state.fieldErrors} shown={(field) => SHOWN.has(field)} />
        {saved && survey && <Notice tone="info" title="Saved" testId="survey-saved" />}
        <Box display="flex" justifyContent="flex-end">
          <Button type="submit" variant="primary" disabled={state.running}>
            {state.running ? "Saving…" : survey ? "Save survey" : "Create survey"}
          </Button>
        </Box>
      </Box>
    </Card>
  );
}
