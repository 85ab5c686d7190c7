import { Box, Button, Text } from "@saleor/macaw-ui";
import { FormEvent, useState } from "react";

import { FieldError } from "../api/client";
import { useMutation, useQuery } from "../api/hooks";
import { Pyramid } from "../components/charts/Pyramid";
import { Card } from "../components/Card";
import { FieldRow, SelectField, TextField } from "../components/Fields";
import { RequirePermission } from "../components/Guard";
import { Page } from "../components/Page";
import { Empty, ErrorList, ErrorNotice, Loading, Notice } from "../components/States";
import { formatNumber, humanize } from "../format";
import { MemberPrices } from "./MemberPrices";

const TIER_FIELDS = "id name slug rank qualification threshold earnMultiplier discountPercent benefits memberCount";

const TIERS = `query ConsoleTiers { loyaltyProgram { currency tiers { ${TIER_FIELDS} } } }`;

const TIER_UPDATE = `
  mutation ConsoleTierUpdate($id: ID!, $input: LoyaltyTierInput!) {
    loyaltyTierUpdate(id: $id, input: $input) { tier { ${TIER_FIELDS} } errors { field code message } }
  }
`;

const TIER_CREATE = `
  mutation ConsoleTierCreate($input: LoyaltyTierInput!) {
    loyaltyTierCreate(input: $input) { tier { id } errors { field code message } }
  }
`;

const TIER_DELETE = `
  mutation ConsoleTierDelete($id: ID!) {
    loyaltyTierDelete(id: $id) { tier { id } errors { field code message } }
  }
`;

export interface Tier {
  id: string;
  name: string;
  slug: string;
  rank: number;
  qualification: string;
  threshold: string;
  earnMultiplier: number;
  discountPercent: string;
  benefits: string[];
  memberCount: number | null;
}

const QUALIFICATIONS = [
  { value: "LIFETIME_POINTS", label: "Lifetime points" },
  { value: "ROLLING_SPEND", label: "Spend in 12 months" },
  { value: "ORDER_COUNT", label: "Orders in 12 months" },
];

interface TierDraft {
  name: string;
  slug: string;
  rank: string;
  qualification: string;
  threshold: string;
  earnMultiplier: string;
  discountPercent: string;
  benefits: string;
}

function draftOf(tier?: Tier): TierDraft {
  return {
    name: tier?.name ?? "",
    slug: tier?.slug ?? "",
    rank: String(tier?.rank ?? ""),
    qualification: tier?.qualification ?? "LIFETIME_POINTS",
    threshold: String(tier?.threshold ?? "0"),
    earnMultiplier: String(tier?.earnMultiplier ?? "1"),
    discountPercent: String(tier?.discountPercent ?? "0"),
    benefits: tier?.benefits.join("\n") ?? "",
  };
}

function inputOf(draft: TierDraft) {
  return {
    name: draft.name,
    slug: draft.slug || null,
    rank: draft.rank === "" ? null : Number(draft.rank),
    qualification: draft.qualification,
    threshold: draft.threshold,
    earnMultiplier: Number(draft.earnMultiplier),
    discountPercent: draft.discountPercent,
    benefits: draft.benefits.split("\n").map((line) => line.trim()).filter(Boolean),
  };
}

export function Tiers() {
  return (
    <Page title="Tiers">
      <RequirePermission anyOf={["MANAGE_USERS"]} what="edit tiers">
        <TierList />
      </RequirePermission>
      <RequirePermission anyOf={["MANAGE_PRODUCTS"]} what="set member prices">
        <MemberPrices />
      </RequirePermission>
    </Page>
  );
}

function TierList() {
  const { data, error, loading, reload } = useQuery<{ loyaltyProgram: { currency: string; tiers: Tier[] } }>(TIERS);
  if (loading && !data) return <Loading />;
  if (error) return <ErrorNotice error={error} />;
  const { tiers, currency } = data!.loyaltyProgram;
  const members = tiers.reduce((sum, tier) => sum + (tier.memberCount ?? 0), 0);
  return (
    <>
      {members > 0 && (
        <Card title="Members per tier" testId="tier-members">
          <Pyramid title="Members per tier" levels={[...tiers].sort((a, b) => a.rank - b.rank).map((tier) => ({
            name: tier.name, members: tier.memberCount ?? 0, share: (tier.memberCount ?? 0) / members }))} />
        </Card>
      )}
      {!tiers.length && <Empty>No tiers yet: add the entry tier (rank 0) below.</Empty>}
      {tiers.map((tier) => (
        <TierEditor key={tier.id} tier={tier} currency={currency} onChanged={reload} />
      ))}
      <NewTier currency={currency} onCreated={reload} />
    </>
  );
}

function TierFields({ draft, onChange, currency }: {
  draft: TierDraft;
  onChange: (draft: TierDraft) => void;
  currency: string;
}) {
  const set = (key: keyof TierDraft) => (value: string) => onChange({ ...draft, [key]: value });
  const unit = draft.qualification === "ROLLING_SPEND" ? currency : draft.qualification === "ORDER_COUNT" ? "orders" : "points";
  return (
    <>
      <FieldRow>
        <TextField label="Name" name="name" value={draft.name} onChange={set("name")} required />
        <TextField label="Rank" name="rank" type="number" value={draft.rank} onChange={set("rank")} />
        <SelectField label="Qualifies by" name="qualification" value={draft.qualification}
          onChange={set("qualification")} choices={QUALIFICATIONS} />
        <TextField label={`Threshold (${unit})`} name="threshold" type="number" value={draft.threshold}
          onChange={set("threshold")} />
        <TextField label="Earn multiplier" name="earnMultiplier" type="number" value={draft.earnMultiplier}
          onChange={set("earnMultiplier")} />
        <TextField label="Discount %" name="discountPercent" type="number" value={draft.discountPercent}
          onChange={set("discountPercent")} />
      </FieldRow>
      <Box as="label" display="flex" flexDirection="column" gap={1}>
        <Text size={2} color="default2">Benefits (one per line)</Text>
        <textarea name="benefits" rows={3} value={draft.benefits} onChange={(e) => set("benefits")(e.target.value)} />
      </Box>
    </>
  );
}

function TierEditor({ tier, currency, onChanged }: { tier: Tier; currency: string; onChanged: () => void }) {
  const [draft, setDraft] = useState(() => draftOf(tier));
  const [saved, setSaved] = useState(false);
  const [update, updateState] = useMutation<{ errors: FieldError[] }>(TIER_UPDATE, "loyaltyTierUpdate");
  const [remove, removeState] = useMutation<{ errors: FieldError[] }>(TIER_DELETE, "loyaltyTierDelete");

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    if (await update({ id: tier.id, input: inputOf(draft) })) {
      setSaved(true);
      onChanged();
    }
  }

  async function destroy() {
    const warning = tier.memberCount ? ` Its ${tier.memberCount} members move to the next lower tier.` : "";
    if (window.confirm(`Delete the tier ${tier.name}?${warning}`) && (await remove({ id: tier.id }))) onChanged();
  }

  return (
    <Card title={`${tier.name} · rank ${tier.rank}`} testId={`tier-${tier.slug}`}
      actions={<Text size={2} color="default2">{`${formatNumber(tier.memberCount)} members · ${humanize(tier.qualification)}`}</Text>}>
      <Box as="form" onSubmit={save} display="flex" flexDirection="column" gap={3}>
        <TierFields draft={draft} onChange={setDraft} currency={currency} />
        <ErrorList errors={[...updateState.errors, ...removeState.errors]} />
        {saved && <Notice tone="info" title="Saved" testId="tier-saved">{`${tier.name} is saved.`}</Notice>}
        <Box display="flex" gap={2} justifyContent="flex-end">
          <Button type="button" variant="error" onClick={destroy} disabled={removeState.running}>Delete</Button>
          <Button type="submit" variant="primary" disabled={updateState.running}>
            {updateState.running ? "Saving…" : "Save"}
          </Button>
        </Box>
      </Box>
    </Card>
  );
}

function NewTier({ currency, onCreated }: { currency: string; onCreated: () => void }) {
  const [draft, setDraft] = useState(() => draftOf());
  const [create, state] = useMutation<{ errors: FieldError[] }>(TIER_CREATE, "loyaltyTierCreate");

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await create({ input: inputOf(draft) })) {
      setDraft(draftOf());
      onCreated();
    }
  }

  return (
    <Card title="New tier">
      <Box as="form" onSubmit={submit} display="flex" flexDirection="column" gap={3} data-testid="new-tier">
        <TierFields draft={draft} onChange={setDraft} currency={currency} />
        <TextField label="Slug (optional)" name="slug" value={draft.slug} onChange={(slug) => setDraft({ ...draft, slug })} />
        <ErrorList errors={state.errors} />
        <Box display="flex" justifyContent="flex-end">
          <Button type="submit" variant="primary" disabled={state.running}>Add tier</Button>
        </Box>
      </Box>
    </Card>
  );
}
