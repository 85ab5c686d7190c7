import { Box, Button, Text } from "@saleor/macaw-ui";
import { FormEvent, useEffect, useState } from "react";

import { AUDIENCE_CHOICES, AudienceFilter, SAVED_AUDIENCE, savedFilterInput } from "../api/audiences";
import { Campaign, CAMPAIGN, CAMPAIGN_SEND } from "../api/campaigns";
import { FieldError } from "../api/client";
import { useMutation, useQuery } from "../api/hooks";
import { SEGMENTS, useTierChoices } from "../api/program";
import { Meter } from "../components/charts/Meter";
import { Card } from "../components/Card";
import { FieldErrors, OtherErrors } from "../components/FieldErrors";
import { FieldRow, SelectField, TextField } from "../components/Fields";
import { Page } from "../components/Page";
import { ErrorNotice, Loading, Notice } from "../components/States";
import { formatDateTime, formatNumber, humanize } from "../format";
import { navigate } from "../router";
import { audienceName, CampaignList } from "./campaigns/CampaignList";
import { Results } from "./campaigns/Results";

const AUDIENCE_SIZE = `
  query ConsoleCampaignAudience($filter: LoyaltyMemberFilterInput) {
    loyaltyMembers(filter: $filter, first: 1) { totalCount }
  }
`;

const SAVED_AUDIENCE_SIZE = `
  query ConsoleSavedAudienceSize($filter: LoyaltyAudienceFilterInput!) {
    loyaltyAudiencePreview(filter: $filter) { count }
  }
`;

const FINAL = ["COMPLETED", "FAILED"];
const POLL_MS = 2000;

const EMPTY = { name: "", audience: "tier", tier: "", segment: "CHAMPIONS", savedAudience: "", holdoutPercent: "10",
  bonusPoints: "", couponValue: "", couponValueType: "FIXED", couponValidDays: "30", message: "" };
type Draft = typeof EMPTY;

function audienceFilter(draft: Draft) {
  return draft.audience === "tier" ? { tier: draft.tier || null } : { segment: draft.segment };
}

function aim(draft: Draft) {
  return draft.audience === "saved" ? { audience: draft.savedAudience || null } : audienceFilter(draft);
}

const SHOWN = ["name", "tier", "segment", "audience", "holdoutPercent", "bonusPoints", "couponValue", "couponValidDays",
  "message"];

export function Campaigns({ id }: { id?: string }) {
  return (
    <Page title="Campaigns" anyOf={["MANAGE_DISCOUNTS"]} what="send campaigns">
      {id && <Progress id={id} />}
      <NewCampaign />
      <CampaignList refreshKey={id} />
    </Page>
  );
}

function NewCampaign() {
  const [draft, setDraft] = useState(EMPTY);
  const { choices } = useTierChoices("Choose a tier");
  const saved = useQuery<{ loyaltyAudiences: { edges: { node: { id: string; name: string } }[] } }>(AUDIENCE_CHOICES);
  const audienceChoices = [{ value: "", label: "Choose an audience" },
    ...(saved.data?.loyaltyAudiences.edges ?? []).map(({ node }) => ({ value: node.id, label: node.name }))];
  const [send, state] = useMutation<{ errors: FieldError[]; campaign: Campaign | null }>(CAMPAIGN_SEND,
    "loyaltyCampaignSend");
  const set = (key: keyof Draft) => (value: string) => setDraft({ ...draft, [key]: value });
  const audienceChosen = draft.audience === "segment" || (draft.audience === "tier" && Boolean(draft.tier)) ||
    (draft.audience === "saved" && Boolean(draft.savedAudience));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const input = {
      name: draft.name,
      ...aim(draft),
      holdoutPercent: draft.holdoutPercent === "" ? 0 : Math.trunc(Number(draft.holdoutPercent)),
      bonusPoints: draft.bonusPoints ? Number(draft.bonusPoints) : null,
      couponValue: draft.couponValue || null,
      couponValueType: draft.couponValue ? draft.couponValueType : null,
      couponValidDays: draft.couponValue ? Number(draft.couponValidDays) : null,
      message: draft.message || null,
    };
    const result = await send({ input });
    if (result?.campaign) navigate("campaigns", result.campaign.id);
  }

  return (
    <Card title="New campaign">
      <Box as="form" onSubmit={submit} display="flex" flexDirection="column" gap={3} data-testid="new-campaign">
        <FieldRow>
          <TextField label="Name" name="name" value={draft.name} onChange={set("name")} required />
          <SelectField label="Send to" name="audience" value={draft.audience} onChange={set("audience")}
            choices={[{ value: "tier", label: "A tier" }, { value: "segment", label: "A segment" },
              { value: "saved", label: "A saved audience" }]} />
          {draft.audience === "tier" && (
            <SelectField label="Tier" name="tier" value={draft.tier} onChange={set("tier")} choices={choices} />
          )}
          {draft.audience === "segment" && (
            <SelectField label="Segment" name="segment" value={draft.segment} onChange={set("segment")}
              choices={SEGMENTS.map((s) => ({ value: s, label: humanize(s) }))} />
          )}
          {draft.audience === "saved" && (
            <SelectField label="Audience" name="savedAudience" value={draft.savedAudience}
              onChange={set("savedAudience")} choices={audienceChoices} />
          )}
          <TextField label="Holdout (%)" name="holdoutPercent" type="number" value={draft.holdoutPercent}
            onChange={set("holdoutPercent")}
            helperText="0 to 50: this share gets nothing, to measure what the campaign brought (10 is usual)." />
        </FieldRow>
        {["name", "tier", "segment", "audience", "holdoutPercent"].map((field) => (
          <FieldErrors key={field} errors={state.fieldErrors} field={field} />
        ))}
        {audienceChosen && draft.audience !== "saved" && <AudienceSize filter={audienceFilter(draft)} />}
        {audienceChosen && draft.audience === "saved" && <SavedAudienceSize id={draft.savedAudience} />}
        <FieldRow>
          <TextField label="Bonus points" name="bonusPoints" type="number" value={draft.bonusPoints}
            onChange={set("bonusPoints")} />
          <TextField label="Coupon value" name="couponValue" type="number" value={draft.couponValue}
            onChange={set("couponValue")} />
          <SelectField label="Coupon type" name="couponValueType" value={draft.couponValueType}
            onChange={set("couponValueType")}
            choices={[{ value: "FIXED", label: "Amount off" }, { value: "PERCENTAGE", label: "Percent off" }]} />
          <TextField label="Coupon valid (days)" name="couponValidDays" type="number" value={draft.couponValidDays}
            onChange={set("couponValidDays")} />
        </FieldRow>
        <Box as="label" display="flex" flexDirection="column" gap={1}>
          <Text size={2} color="default2">Message (e-mailed to each member)</Text>
          <textarea name="message" rows={3} value={draft.message} onChange={(e) => set("message")(e.target.value)} />
        </Box>
        {["bonusPoints", "couponValue", "couponValidDays", "message"].map((field) => (
          <FieldErrors key={field} errors={state.fieldErrors} field={field} />
        ))}
        <OtherErrors errors={state.errors} fieldErrors={state.fieldErrors} shown={(field) => SHOWN.includes(field)} />
        <Box display="flex" justifyContent="flex-end">
          <Button type="submit" variant="primary" disabled={state.running || !audienceChosen}>
            {state.running ? "Sending…" : "Send campaign"}
          </Button>
        </Box>
      </Box>
    </Card>
  );
}

/** How many members the campaign would reach, before it is sent. */
function AudienceSize({ filter }: { filter: Record<string, unknown> }) {
  const { data, error, loading } = useQuery<{ loyaltyMembers: { totalCount: number } }>(AUDIENCE_SIZE, { filter });
  if (loading) return <Text size={2} color="default2">Counting members…</Text>;
  if (error) return <ErrorNotice error={error} />;
  return (
    <Text size={3} data-testid="audience-size" data-value={data!.loyaltyMembers.totalCount}>
      {`Reaches ${formatNumber(data!.loyaltyMembers.totalCount)} members.`}
    </Text>
  );
}

/** How many members a saved audience selects now. */
function SavedAudienceSize({ id }: { id: string }) {
  const saved = useQuery<{ loyaltyAudience: { filter: AudienceFilter } | null }>(SAVED_AUDIENCE, { id });
  const filter = saved.data?.loyaltyAudience ? savedFilterInput(saved.data.loyaltyAudience.filter) : null;
  const size = useQuery<{ loyaltyAudiencePreview: { count: number } }>(SAVED_AUDIENCE_SIZE, { filter },
    { skip: !filter });
  const error = saved.error ?? size.error;
  if (error) return <ErrorNotice error={error} />;
  if (!size.data || size.loading) return <Text size={2} color="default2">Counting members…</Text>;
  const count = size.data.loyaltyAudiencePreview.count;
  return (
    <Text size={3} data-testid="audience-size" data-value={count}>{`Reaches ${formatNumber(count)} members now.`}</Text>
  );
}

/** A sent campaign's progress, polled until it is done. */
function Progress({ id }: { id: string }) {
  const [tick, setTick] = useState(0);
  const { data, error } = useQuery<{ loyaltyCampaign: Campaign | null }>(CAMPAIGN, { id }, { refreshKey: tick });
  const campaign = data?.loyaltyCampaign;
  const running = !error && (!campaign || !FINAL.includes(campaign.status));

  useEffect(() => {
    if (!running) return;
    const timer = window.setTimeout(() => setTick((n) => n + 1), POLL_MS);
    return () => window.clearTimeout(timer);
  }, [running, tick]);

  if (error) return <ErrorNotice error={error} />;
  if (!data) return <Loading />;
  if (!campaign) return <Notice tone="warning" title="Not found">No campaign has this ID.</Notice>;
  // The holdout is recorded with the audience but given nothing: the gifts go to the rest.
  const gifted = Math.max(0, campaign.recipients - campaign.holdoutMembers);
  const ratio = gifted ? campaign.processed / gifted : FINAL.includes(campaign.status) ? 1 : 0;
  return (
    <>
    <Card title={campaign.name} testId="campaign-progress">
      <Text data-testid="campaign-status" data-value={campaign.status}>
        {`${humanize(campaign.status)} · ${formatNumber(campaign.processed)} of ${formatNumber(gifted)} members · sent ${formatDateTime(campaign.createdAt)}`}
      </Text>
      <Text size={2} color="default2" data-testid="campaign-audience" data-holdout={campaign.holdoutMembers}>
        {`To ${audienceName(campaign)} · ` + (campaign.holdoutPercent
          ? `holdout ${campaign.holdoutPercent}% (${formatNumber(campaign.holdoutMembers)} ${campaign.holdoutMembers === 1 ? "member gets" : "members get"} nothing)`
          : "no holdout")}
      </Text>
      <Meter ratio={ratio} label="Campaign progress" />
    </Card>
    {campaign.status === "COMPLETED" && <Results id={campaign.id} />}
    </>
  );
}
