import { Box, Button, Text } from "@saleor/macaw-ui";
import { FormEvent, useEffect, useState } from "react";

import { FieldError } from "../api/client";
import { useMutation, useQuery } from "../api/hooks";
import { SEGMENTS, useTierChoices } from "../api/program";
import { Meter } from "../components/charts/Meter";
import { Card } from "../components/Card";
import { FieldRow, SelectField, TextField } from "../components/Fields";
import { Page } from "../components/Page";
import { ErrorList, ErrorNotice, Loading, Notice } from "../components/States";
import { formatDateTime, formatNumber, humanize } from "../format";
import { navigate } from "../router";

const AUDIENCE_SIZE = `
  query ConsoleCampaignAudience($filter: LoyaltyMemberFilterInput) {
    loyaltyMembers(filter: $filter, first: 1) { totalCount }
  }
`;

const CAMPAIGN_FIELDS = "id name status recipients processed createdAt";

const CAMPAIGN_SEND = `
  mutation ConsoleCampaignSend($input: LoyaltyCampaignInput!) {
    loyaltyCampaignSend(input: $input) { campaign { ${CAMPAIGN_FIELDS} } errors { field code message } }
  }
`;

const CAMPAIGN = `query ConsoleCampaign($id: ID!) { loyaltyCampaign(id: $id) { ${CAMPAIGN_FIELDS} } }`;

interface Campaign {
  id: string;
  name: string;
  status: "PENDING" | "RUNNING" | "COMPLETED" | "FAILED";
  recipients: number;
  processed: number;
  createdAt: string;
}

const FINAL = ["COMPLETED", "FAILED"];
const POLL_MS = 2000;

const EMPTY = { name: "", audience: "tier", tier: "", segment: "CHAMPIONS", bonusPoints: "", couponValue: "",
  couponValueType: "FIXED", couponValidDays: "30", message: "" };
type Draft = typeof EMPTY;

function audienceFilter(draft: Draft) {
  return draft.audience === "tier" ? { tier: draft.tier || null } : { segment: draft.segment };
}

export function Campaigns({ id }: { id?: string }) {
  return (
    <Page title="Campaigns" anyOf={["MANAGE_DISCOUNTS"]} what="send campaigns">
      {id && <Progress id={id} />}
      <NewCampaign />
    </Page>
  );
}

function NewCampaign() {
  const [draft, setDraft] = useState(EMPTY);
  const { choices } = useTierChoices("Choose a tier");
  const [send, state] = useMutation<{ errors: FieldError[]; campaign: Campaign | null }>(CAMPAIGN_SEND,
    "loyaltyCampaignSend");
  const set = (key: keyof Draft) => (value: string) => setDraft({ ...draft, [key]: value });
  const audienceChosen = draft.audience === "segment" || Boolean(draft.tier);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const input = {
      name: draft.name,
      ...audienceFilter(draft),
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
            choices={[{ value: "tier", label: "A tier" }, { value: "segment", label: "A segment" }]} />
          {draft.audience === "tier" ? (
            <SelectField label="Tier" name="tier" value={draft.tier} onChange={set("tier")} choices={choices} />
          ) : (
            <SelectField label="Segment" name="segment" value={draft.segment} onChange={set("segment")}
              choices={SEGMENTS.map((s) => ({ value: s, label: humanize(s) }))} />
          )}
        </FieldRow>
        {audienceChosen && <AudienceSize filter={audienceFilter(draft)} />}
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
        <ErrorList errors={state.errors} />
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
  const ratio = campaign.recipients ? campaign.processed / campaign.recipients : FINAL.includes(campaign.status) ? 1 : 0;
  return (
    <Card title={campaign.name} testId="campaign-progress">
      <Text data-testid="campaign-status" data-value={campaign.status}>
        {`${humanize(campaign.status)} · ${formatNumber(campaign.processed)} of ${formatNumber(campaign.recipients)} members · sent ${formatDateTime(campaign.createdAt)}`}
      </Text>
      <Meter ratio={ratio} label="Campaign progress" />
    </Card>
  );
}
