import { Box, Button, Text } from "@saleor/macaw-ui";
import { FormEvent, useEffect, useState } from "react";

import {
  Audience, AUDIENCE_CREATE, AUDIENCE_DELETE, AUDIENCE_PREVIEW, AUDIENCES, describeFilter, EMPTY_FILTER,
  filterInput, Preview, PREVIEW_SAMPLE, Tag, TAGS,
} from "../api/audiences";
import { FieldError } from "../api/client";
import { useMutation, useQuery } from "../api/hooks";
import { useTierChoices } from "../api/program";
import { Card } from "../components/Card";
import { FieldErrors, OtherErrors } from "../components/FieldErrors";
import { FieldRow, TextField } from "../components/Fields";
import { Page } from "../components/Page";
import { Empty, ErrorList, ErrorNotice, Loading } from "../components/States";
import { Table } from "../components/Table";
import { formatDate, formatNumber } from "../format";
import { navigate } from "../router";
import { FILTER_FIELDS_SHOWN, FilterBuilder } from "./audiences/FilterBuilder";
import { Tags } from "./audiences/Tags";

const DEBOUNCE_MS = 400;

/** `value`, once it has stayed the same for `delay` ms. */
function useDebounced<T>(value: T, delay: number): T {
  const [settled, setSettled] = useState(value);
  const key = JSON.stringify(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(JSON.parse(key)), delay);
    return () => window.clearTimeout(timer);
  }, [key, delay]);
  return settled;
}

export function Audiences() {
  const [draft, setDraft] = useState(EMPTY_FILTER);
  const [saved, setSaved] = useState(0);
  const tags = useQuery<{ loyaltyTags: { edges: { node: Tag }[] } }>(TAGS, {}, { refreshKey: saved });
  const tagList = tags.data?.loyaltyTags.edges.map((edge) => edge.node) ?? [];
  const { currency } = useTierChoices();
  const filter = filterInput(draft);
  const [create, created] = useMutation<{ errors: FieldError[]; audience: { id: string } | null }>(AUDIENCE_CREATE,
    "loyaltyAudienceCreate");
  const [name, setName] = useState("");

  async function save(event: FormEvent) {
    event.preventDefault();
    if (await create({ input: { name, filter } })) {
      setName("");
      setSaved((n) => n + 1);
    }
  }

  const shown = (field: string) => field === "name" || FILTER_FIELDS_SHOWN.includes(field);
  return (
    <Page title="Audiences" anyOf={["MANAGE_USERS", "MANAGE_DISCOUNTS"]} what="build audiences and tags">
      <Card title="Build an audience" testId="audience-builder">
        <FilterBuilder draft={draft} onChange={setDraft} tags={tagList.map((tag) => tag.name)}
          errors={created.fieldErrors} currency={currency} />
        <LivePreview filter={filter} />
        <Box as="form" onSubmit={save} display="flex" flexDirection="column" gap={3} data-testid="save-audience">
          <FieldRow>
            <TextField label="Audience name" name="audienceName" value={name} onChange={setName} required />
            <Button type="submit" variant="primary" disabled={created.running}>
              {created.running ? "Saving…" : "Save as audience"}
            </Button>
            <Button type="button" variant="tertiary" onClick={() => setDraft(EMPTY_FILTER)}>Clear filter</Button>
          </FieldRow>
          <FieldErrors errors={created.fieldErrors} field="name" />
          <OtherErrors errors={created.errors} fieldErrors={created.fieldErrors} shown={shown} />
        </Box>
      </Card>
      <SavedAudiences refreshKey={saved} onChanged={() => setSaved((n) => n + 1)} />
      <Tags tags={tagList} loading={tags.loading} error={tags.error} filter={filter}
        onChanged={() => setSaved((n) => n + 1)} />
    </Page>
  );
}

/** How many members the filter selects now, and the first of them; asked once typing pauses. */
function LivePreview({ filter }: { filter: Record<string, unknown> }) {
  const settled = useDebounced(filter, DEBOUNCE_MS);
  const pending = JSON.stringify(settled) !== JSON.stringify(filter);
  const { data, error, loading } = useQuery<{ loyaltyAudiencePreview: Preview }>(AUDIENCE_PREVIEW,
    { filter: settled, first: PREVIEW_SAMPLE });
  const preview = data?.loyaltyAudiencePreview;
  const busy = pending || loading;
  return (
    <Box display="flex" flexDirection="column" gap={2} data-testid="audience-preview"
      data-filter={JSON.stringify(settled)} data-busy={String(busy)}>
      {error && !busy && <ErrorNotice error={error} />}
      {busy && <Text size={3} color="default2">Counting members…</Text>}
      {!busy && preview && (
        <>
          <Text size={5} fontWeight="bold" data-testid="preview-count" data-value={preview.count}>
            {`${formatNumber(preview.count)} ${preview.count === 1 ? "member" : "members"}`}
          </Text>
          {preview.sample.length > 0 && (
            <Table testId="preview-sample" rows={preview.sample} rowKey={(m) => m.id}
              onRowClick={(m) => navigate("members", m.id)} columns={[
                { header: "E-mail", cell: (m) => m.user.email },
                { header: "Tier", cell: (m) => m.tier?.name ?? "–" },
                { header: "Points", cell: (m) => formatNumber(m.pointsBalance), align: "right" },
              ]} />
          )}
          {preview.count > preview.sample.length && (
            <Text size={2} color="default2">{`The first ${preview.sample.length} of them.`}</Text>
          )}
        </>
      )}
    </Box>
  );
}

function SavedAudiences({ refreshKey, onChanged }: { refreshKey: unknown; onChanged: () => void }) {
  const { data, error, loading } = useQuery<{ loyaltyAudiences: { edges: { node: Audience }[] } }>(AUDIENCES, {},
    { refreshKey });
  const [remove, removed] = useMutation<{ errors: FieldError[] }>(AUDIENCE_DELETE, "loyaltyAudienceDelete");
  const rows = data?.loyaltyAudiences.edges.map((edge) => edge.node) ?? [];

  async function drop(audience: Audience) {
    if (!window.confirm(`Delete the audience "${audience.name}"?`)) return;
    if (await remove({ id: audience.id })) onChanged();
  }

  return (
    <Card title="Saved audiences" testId="saved-audiences">
      {loading && <Loading />}
      {error && <ErrorNotice error={error} />}
      <ErrorList errors={removed.errors} />
      {data && !rows.length && <Empty>No audience saved yet.</Empty>}
      {rows.length > 0 && (
        <Table testId="audience-list" rows={rows} rowKey={(row) => row.id} columns={[
          { header: "Name", cell: (row) => <span data-testid="audience-name">{row.name}</span> },
          { header: "Members of", cell: (row) => <span className="wrap">{describeFilter(row.filter)}</span> },
          { header: "Saved", cell: (row) => formatDate(row.createdAt) },
          { header: "", cell: (row) => (
            <Button variant="tertiary" size="small" onClick={() => drop(row)} disabled={removed.running}>Delete</Button>) },
        ]} />
      )}
    </Card>
  );
}
