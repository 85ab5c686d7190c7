import { Box, Button } from "@saleor/macaw-ui";
import { FormEvent, useState } from "react";

import { request } from "../api/client";
import { useQuery } from "../api/hooks";
import { SEGMENTS, useTierChoices } from "../api/program";
import { Card } from "../components/Card";
import { FieldRow, SelectField, TextField } from "../components/Fields";
import { Page } from "../components/Page";
import { PageInfo, Pager, useCursorPages } from "../components/Pagination";
import { Empty, ErrorList, ErrorNotice, Loading } from "../components/States";
import { Table } from "../components/Table";
import { formatDate, formatNumber, humanize } from "../format";
import { navigate } from "../router";

const PAGE_SIZE = 20;

const MEMBERS = `
  query ConsoleMembers($filter: LoyaltyMemberFilterInput, $first: Int, $after: String,
                       $sortBy: LoyaltyMemberSortingInput) {
    loyaltyMembers(filter: $filter, first: $first, after: $after, sortBy: $sortBy) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id pointsBalance lifetimePoints joinedAt tier { name } user { email firstName lastName } } }
    }
  }
`;

const MEMBER_BY_EMAIL = `
  query ConsoleMemberByEmail($email: String!) { loyaltyMember(email: $email) { id } }
`;

interface MemberRow {
  id: string;
  pointsBalance: number;
  lifetimePoints: number;
  joinedAt: string;
  tier: { name: string } | null;
  user: { email: string; firstName: string; lastName: string };
}

interface Filters {
  search: string;
  tier: string;
  segment: string;
  minPoints: string;
  dormantDays: string;
  sort: string;
}

const NO_FILTERS: Filters = { search: "", tier: "", segment: "", minPoints: "", dormantDays: "", sort: "" };

const SORTS = [
  { value: "", label: "Default order" },
  { value: "POINTS:DESC", label: "Most points" },
  { value: "LIFETIME_POINTS:DESC", label: "Most lifetime points" },
  { value: "LAST_ORDER:DESC", label: "Latest order" },
  { value: "JOINED_AT:DESC", label: "Newest members" },
  { value: "JOINED_AT:ASC", label: "Oldest members" },
];

function toVariables(filters: Filters) {
  const filter = {
    search: filters.search || null,
    tier: filters.tier || null,
    segment: filters.segment || null,
    minPoints: filters.minPoints ? Number(filters.minPoints) : null,
    dormantDays: filters.dormantDays ? Number(filters.dormantDays) : null,
  };
  const [field, direction] = filters.sort.split(":");
  return { filter, sortBy: filters.sort ? { field, direction } : null };
}

export function Members() {
  return (
    <Page title="Members" anyOf={["MANAGE_USERS"]} what="see and manage members">
      <FindByEmail />
      <MemberList />
    </Page>
  );
}

/** Straight to a member's page by their exact e-mail. */
function FindByEmail() {
  const [email, setEmail] = useState("");
  const [errors, setErrors] = useState<string[]>([]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setErrors([]);
    try {
      const data = await request<{ loyaltyMember: { id: string } | null }>(MEMBER_BY_EMAIL, { email });
      if (data.loyaltyMember) navigate("members", data.loyaltyMember.id);
      else setErrors([`No member has the e-mail ${email}.`]);
    } catch (error) {
      setErrors([(error as Error).message]);
    }
  }

  return (
    <Card title="Open a member">
      <Box as="form" onSubmit={submit} display="flex" flexDirection="column" gap={3} data-testid="find-member">
        <FieldRow>
          <TextField label="Member's e-mail" name="member-email" type="email" value={email} onChange={setEmail}
            required />
          <Button type="submit" variant="primary">Open</Button>
        </FieldRow>
        <ErrorList errors={errors} />
      </Box>
    </Card>
  );
}

function MemberList() {
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const pages = useCursorPages();
  const { choices: tierChoices } = useTierChoices("All tiers");
  const { data, error, loading } = useQuery<{
    loyaltyMembers: { totalCount: number; pageInfo: PageInfo; edges: { node: MemberRow }[] };
  }>(MEMBERS, { ...toVariables(filters), first: PAGE_SIZE, after: pages.after });
  const set = (key: keyof Filters) => (value: string) => setDraft({ ...draft, [key]: value });

  function apply(event: FormEvent) {
    event.preventDefault();
    pages.reset();
    setFilters(draft);
  }

  const rows = data?.loyaltyMembers.edges.map((edge) => edge.node) ?? [];
  return (
    <Card title="All members">
      <Box as="form" onSubmit={apply} display="flex" flexDirection="column" gap={3} data-testid="member-filters">
        <FieldRow>
          <TextField label="Search e-mail or name" name="search" value={draft.search} onChange={set("search")} />
          <SelectField label="Tier" name="tier" value={draft.tier} onChange={set("tier")} choices={tierChoices} />
          <SelectField label="Segment" name="segment" value={draft.segment} onChange={set("segment")}
            choices={[{ value: "", label: "All segments" }, ...SEGMENTS.map((s) => ({ value: s, label: humanize(s) }))]} />
          <TextField label="Minimum points" name="minPoints" type="number" value={draft.minPoints}
            onChange={set("minPoints")} />
          <TextField label="No order for (days)" name="dormantDays" type="number" value={draft.dormantDays}
            onChange={set("dormantDays")} />
          <SelectField label="Sort" name="sort" value={draft.sort} onChange={set("sort")} choices={SORTS} />
          <Button type="submit" variant="secondary">Apply</Button>
        </FieldRow>
      </Box>
      {loading && <Loading />}
      {error && <ErrorNotice error={error} />}
      {data && !rows.length && <Empty>No member matches these filters.</Empty>}
      {rows.length > 0 && (
        <>
          <Table testId="member-list" rows={rows} rowKey={(row) => row.id}
            onRowClick={(row) => navigate("members", row.id)} columns={[
              { header: "E-mail", cell: (row) => row.user.email },
              { header: "Name", cell: (row) => `${row.user.firstName} ${row.user.lastName}`.trim() || "–" },
              { header: "Tier", cell: (row) => row.tier?.name ?? "–" },
              { header: "Points", cell: (row) => formatNumber(row.pointsBalance), align: "right" },
              { header: "Lifetime", cell: (row) => formatNumber(row.lifetimePoints), align: "right" },
              { header: "Joined", cell: (row) => formatDate(row.joinedAt) },
            ]} />
          <Pager pages={pages} pageInfo={data!.loyaltyMembers.pageInfo} totalCount={data!.loyaltyMembers.totalCount}
            pageSize={PAGE_SIZE} />
        </>
      )}
    </Card>
  );
}
