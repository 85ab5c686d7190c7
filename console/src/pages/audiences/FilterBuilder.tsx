import { Box } from "@saleor/macaw-ui";

import { FilterDraft } from "../../api/audiences";
import { FieldError } from "../../api/client";
import { SEGMENTS, Segment, useTierChoices } from "../../api/program";
import { FieldErrors } from "../../components/FieldErrors";
import { Choice, FieldRow, TextField } from "../../components/Fields";
import { humanize } from "../../format";

/** Fields the builder shows, by the names the API gives its errors. */
export const FILTER_FIELDS_SHOWN = ["tiers", "segments", "tags", "windowDays", "orders", "averageOrderValue",
  "lifetimeSpend", "daysSinceLastOrder", "points"];

/** Check boxes for a list criterion ("any of these"). */
function Choices({ legend, name, choices, chosen, onChange }: {
  legend: string;
  name: string;
  choices: Choice[];
  chosen: string[];
  onChange: (chosen: string[]) => void;
}) {
  if (!choices.length) return null;
  const toggle = (value: string) =>
    onChange(chosen.includes(value) ? chosen.filter((v) => v !== value) : [...chosen, value]);
  return (
    <fieldset className="choices" data-testid={`choices-${name}`}>
      <legend>{legend}</legend>
      {choices.map((choice) => (
        <label key={choice.value}>
          <input type="checkbox" name={name} value={choice.value} checked={chosen.includes(choice.value)}
            onChange={() => toggle(choice.value)} />
          {choice.label}
        </label>
      ))}
    </fieldset>
  );
}

/** The common criteria of an audience; every criterion given must hold. */
export function FilterBuilder({ draft, onChange, tags, errors, currency }: {
  draft: FilterDraft;
  onChange: (draft: FilterDraft) => void;
  tags: string[];
  errors: FieldError[];
  currency: string;
}) {
  const { choices: tiers } = useTierChoices();
  const set = (key: keyof FilterDraft) => (value: string | string[]) => onChange({ ...draft, [key]: value });
  const number = (label: string, key: keyof FilterDraft) => (
    <TextField label={label} name={key} type="number" value={draft[key] as string} onChange={set(key)} />
  );
  const money = currency ? ` (${currency})` : "";
  return (
    <Box display="flex" flexDirection="column" gap={3} data-testid="filter-builder">
      <Choices legend="Tiers (any of)" name="tiers" choices={tiers} chosen={draft.tiers} onChange={set("tiers")} />
      <FieldErrors errors={errors} field="tiers" />
      <Choices legend="RFM segments (any of)" name="segments" chosen={draft.segments}
        choices={SEGMENTS.map((s) => ({ value: s, label: humanize(s) }))}
        onChange={(chosen) => onChange({ ...draft, segments: chosen as Segment[] })} />
      <Choices legend="Tags (any of)" name="tags" choices={tags.map((t) => ({ value: t, label: t }))}
        chosen={draft.tags} onChange={set("tags")} />
      <FieldErrors errors={errors} field="tags" />
      <FieldRow>
        {number("Window (days)", "windowDays")}
        {number("Orders in window, from", "ordersMin")}
        {number("Orders in window, to", "ordersMax")}
      </FieldRow>
      <FieldErrors errors={errors} field="windowDays" />
      <FieldErrors errors={errors} field="orders" />
      <FieldRow>
        {number(`Average order, from${money}`, "aovMin")}
        {number(`Average order, to${money}`, "aovMax")}
        {number(`Lifetime spend, at least${money}`, "lifetimeMin")}
      </FieldRow>
      <FieldErrors errors={errors} field="averageOrderValue" />
      <FieldErrors errors={errors} field="lifetimeSpend" />
      <FieldRow>
        {number("Days since last order, from", "daysSinceMin")}
        {number("Days since last order, to", "daysSinceMax")}
        {number("Points, from", "pointsMin")}
        {number("Points, to", "pointsMax")}
      </FieldRow>
      <FieldErrors errors={errors} field="daysSinceLastOrder" />
      <FieldErrors errors={errors} field="points" />
    </Box>
  );
}
