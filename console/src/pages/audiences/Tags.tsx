import { Box, Button, Text } from "@saleor/macaw-ui";
import { FormEvent, useState } from "react";

import { describeFilter, Tag, TAG_CREATE, TAG_DELETE } from "../../api/audiences";
import { ApiError, FieldError } from "../../api/client";
import { useMutation } from "../../api/hooks";
import { Card } from "../../components/Card";
import { FieldErrors, OtherErrors } from "../../components/FieldErrors";
import { FieldRow, TextField } from "../../components/Fields";
import { Empty, ErrorList, ErrorNotice, Loading } from "../../components/States";
import { Table } from "../../components/Table";
import { formatDateTime, formatNumber } from "../../format";

/** Member tags with how many members carry each; create one (its rule: the filter built above), delete. */
export function Tags({ tags, loading, error, filter, onChanged }: {
  tags: Tag[];
  loading: boolean;
  error: ApiError | null;
  filter: Record<string, unknown>;
  onChanged: () => void;
}) {
  const [name, setName] = useState("");
  const [withRule, setWithRule] = useState(false);
  const [create, created] = useMutation<{ errors: FieldError[]; tag: { id: string } | null }>(TAG_CREATE,
    "loyaltyTagCreate");
  const [remove, removed] = useMutation<{ errors: FieldError[] }>(TAG_DELETE, "loyaltyTagDelete");

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await create({ input: { name, ...(withRule ? { rule: filter } : {}) } });
    if (result) {
      setName("");
      onChanged();
    }
  }

  async function drop(tag: Tag) {
    if (!window.confirm(`Delete the tag "${tag.name}"? Members lose it.`)) return;
    if (await remove({ id: tag.id })) onChanged();
  }

  return (
    <Card title="Tags" testId="tags">
      {loading && <Loading />}
      {error && <ErrorNotice error={error} />}
      {!loading && !error && !tags.length && <Empty>No tag yet.</Empty>}
      {tags.length > 0 && (
        <Table testId="tag-list" rows={tags} rowKey={(tag) => tag.id} columns={[
          { header: "Tag", cell: (tag) => tag.name },
          { header: "Members", align: "right", cell: (tag) => (
            <span data-testid="tag-members" data-tag={tag.name} data-value={tag.memberCount}>
              {formatNumber(tag.memberCount)}</span>) },
          { header: "Rule", cell: (tag) => <span className="wrap">{tag.rule ? describeFilter(tag.rule) : "By hand"}</span> },
          { header: "Rule applied", cell: (tag) => formatDateTime(tag.ruleAppliedAt) },
          { header: "", cell: (tag) => (
            <Button variant="tertiary" size="small" onClick={() => drop(tag)} disabled={removed.running}>Delete</Button>) },
        ]} />
      )}
      <ErrorList errors={removed.errors} />
      <Box as="form" onSubmit={submit} display="flex" flexDirection="column" gap={3} data-testid="new-tag">
        <FieldRow>
          <TextField label="New tag" name="tagName" value={name} onChange={setName} required />
          <label className="choices">
            <input type="checkbox" name="withRule" checked={withRule} onChange={(e) => setWithRule(e.target.checked)} />
            <Text size={3}>Rule: the filter above (applied now and every night)</Text>
          </label>
          <Button type="submit" variant="secondary" disabled={created.running}>Create tag</Button>
        </FieldRow>
        <FieldErrors errors={created.fieldErrors} field="name" />
        <OtherErrors errors={created.errors} fieldErrors={created.fieldErrors} shown={(field) => field === "name"} />
      </Box>
    </Card>
  );
}
