import { Box, Button, Text } from "@saleor/macaw-ui";
import { FormEvent, useState } from "react";

import { FieldError } from "../api/client";
import { useMutation, useQuery } from "../api/hooks";
import { useTierChoices } from "../api/program";
import { Card } from "../components/Card";
import { FieldRow, SelectField, TextField } from "../components/Fields";
import { Page } from "../components/Page";
import { PageInfo, Pager, useCursorPages } from "../components/Pagination";
import { Empty, ErrorList, ErrorNotice, Loading } from "../components/States";
import { GENERATION } from "../config";
import { formatNumber } from "../format";

const PAGE_SIZE = 20;
// Saleor 3 lists a reward's voucher in every channel, with the same amount in each one's currency.
const VOUCHER_CURRENCY = GENERATION === "saleor3" ? "The same amount in each channel's currency" : undefined;
const REWARD_FIELDS = `id name description pointsCost kind discountValue stock minimumTier { id name }
  variant { id name product { name } }`;

const REWARDS = `
  query ConsoleRewards($first: Int, $after: String) {
    loyaltyRewards(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node { ${REWARD_FIELDS} } }
    }
  }
`;

const REWARD_CREATE = `
  mutation ConsoleRewardCreate($input: LoyaltyRewardInput!) {
    loyaltyRewardCreate(input: $input) { reward { id } errors { field code message } }
  }
`;

const REWARD_UPDATE = `
  mutation ConsoleRewardUpdate($id: ID!, $input: LoyaltyRewardInput!) {
    loyaltyRewardUpdate(id: $id, input: $input) { reward { ${REWARD_FIELDS} } errors { field code message } }
  }
`;

const REWARD_DELETE = `
  mutation ConsoleRewardDelete($id: ID!) {
    loyaltyRewardDelete(id: $id) { reward { id } errors { field code message } }
  }
`;

interface Reward {
  id: string;
  name: string;
  description: string | null;
  pointsCost: number;
  kind: "VOUCHER" | "PRODUCT";
  discountValue: string | null;
  stock: number | null;
  minimumTier: { id: string; name: string } | null;
  variant: { id: string; name: string; product: { name: string } } | null;
}

export function PointsMall() {
  return (
    <Page title="Points mall" anyOf={["MANAGE_DISCOUNTS"]} what="manage the points mall">
      <RewardList />
    </Page>
  );
}

function RewardList() {
  const pages = useCursorPages();
  const { data, error, loading, reload } = useQuery<{
    loyaltyRewards: { pageInfo: PageInfo; edges: { node: Reward }[] };
  }>(REWARDS, { first: PAGE_SIZE, after: pages.after });
  const rewards = data?.loyaltyRewards.edges.map((edge) => edge.node) ?? [];
  return (
    <>
      <Card title="Rewards" testId="rewards">
        {loading && <Loading />}
        {error && <ErrorNotice error={error} />}
        {data && !rewards.length && <Empty>No rewards yet: add the first one below.</Empty>}
        {rewards.map((reward) => (
          <RewardEditor key={reward.id} reward={reward} onChanged={reload} />
        ))}
        {data && <Pager pages={pages} pageInfo={data.loyaltyRewards.pageInfo} pageSize={PAGE_SIZE} />}
      </Card>
      {!error && <NewReward onCreated={reload} />}
    </>
  );
}

function RewardEditor({ reward, onChanged }: { reward: Reward; onChanged: () => void }) {
  const [pointsCost, setPointsCost] = useState(String(reward.pointsCost));
  const [stock, setStock] = useState(reward.stock == null ? "" : String(reward.stock));
  const [update, updateState] = useMutation<{ errors: FieldError[] }>(REWARD_UPDATE, "loyaltyRewardUpdate");
  const [remove, removeState] = useMutation<{ errors: FieldError[] }>(REWARD_DELETE, "loyaltyRewardDelete");
  const what = reward.kind === "PRODUCT"
    ? `Free ${reward.variant?.product.name ?? "product"} ${reward.variant?.name ?? ""}`.trim()
    : `Voucher worth ${reward.discountValue}`;

  async function save(event: FormEvent) {
    event.preventDefault();
    const input = { pointsCost: Number(pointsCost), stock: stock === "" ? null : Number(stock) };
    if (await update({ id: reward.id, input })) onChanged();
  }

  async function destroy() {
    if (window.confirm(`Delete the reward ${reward.name}?`) && (await remove({ id: reward.id }))) onChanged();
  }

  return (
    <Box as="form" onSubmit={save} display="flex" flexDirection="column" gap={2} padding={3}
      borderColor="default1" borderStyle="solid" borderWidth={1} borderRadius={3}>
      <Text fontWeight="bold">{reward.name}</Text>
      <Text size={2} color="default2">
        {`${what} · ${reward.minimumTier ? `${reward.minimumTier.name} and above` : "all members"} · ` +
          (reward.stock == null ? "unlimited stock" : `${formatNumber(reward.stock)} left`)}
      </Text>
      <FieldRow>
        <TextField label="Points cost" name="pointsCost" type="number" value={pointsCost} onChange={setPointsCost} />
        <TextField label="Stock (empty = unlimited)" name="stock" type="number" value={stock} onChange={setStock} />
        <Button type="submit" variant="secondary" size="small" disabled={updateState.running}>Save</Button>
        <Button type="button" variant="error" size="small" onClick={destroy} disabled={removeState.running}>Delete</Button>
      </FieldRow>
      <ErrorList errors={[...updateState.errors, ...removeState.errors]} />
    </Box>
  );
}

const EMPTY_REWARD = { name: "", description: "", pointsCost: "", kind: "VOUCHER", discountValue: "", variant: "",
  minimumTier: "", stock: "" };

function NewReward({ onCreated }: { onCreated: () => void }) {
  const [draft, setDraft] = useState(EMPTY_REWARD);
  const { choices } = useTierChoices("All members");
  const [create, state] = useMutation<{ errors: FieldError[] }>(REWARD_CREATE, "loyaltyRewardCreate");
  const set = (key: keyof typeof EMPTY_REWARD) => (value: string) => setDraft({ ...draft, [key]: value });

  async function submit(event: FormEvent) {
    event.preventDefault();
    const input = {
      name: draft.name,
      description: draft.description || null,
      pointsCost: Number(draft.pointsCost),
      kind: draft.kind,
      discountValue: draft.kind === "VOUCHER" ? draft.discountValue : null,
      variant: draft.kind === "PRODUCT" ? draft.variant : null,
      minimumTier: draft.minimumTier || null,
      stock: draft.stock === "" ? null : Number(draft.stock),
    };
    if (await create({ input })) {
      setDraft(EMPTY_REWARD);
      onCreated();
    }
  }

  return (
    <Card title="New reward">
      <Box as="form" onSubmit={submit} display="flex" flexDirection="column" gap={3} data-testid="new-reward">
        <FieldRow>
          <TextField label="Name" name="name" value={draft.name} onChange={set("name")} required />
          <TextField label="Points cost" name="pointsCost" type="number" value={draft.pointsCost}
            onChange={set("pointsCost")} required />
          <SelectField label="Kind" name="kind" value={draft.kind} onChange={set("kind")}
            choices={[{ value: "VOUCHER", label: "Voucher" }, { value: "PRODUCT", label: "Free product" }]} />
          {draft.kind === "VOUCHER" ? (
            <TextField label="Voucher value" name="discountValue" type="number" value={draft.discountValue}
              onChange={set("discountValue")} helperText={VOUCHER_CURRENCY} />
          ) : (
            <TextField label="Variant ID" name="variant" value={draft.variant} onChange={set("variant")}
              helperText="The product variant's ID, as Saleor's dashboard shows it" />
          )}
          <SelectField label="Minimum tier" name="minimumTier" value={draft.minimumTier} onChange={set("minimumTier")}
            choices={choices} />
          <TextField label="Stock (empty = unlimited)" name="stock" type="number" value={draft.stock}
            onChange={set("stock")} />
        </FieldRow>
        <TextField label="Description" name="description" value={draft.description} onChange={set("description")} />
        <ErrorList errors={state.errors} />
        <Box display="flex" justifyContent="flex-end">
          <Button type="submit" variant="primary" disabled={state.running}>Add reward</Button>
        </Box>
      </Box>
    </Card>
  );
}
