import { Box, Button, Text } from "@saleor/macaw-ui";
import { useState } from "react";

import { request } from "../api/client";
import { useQuery } from "../api/hooks";
import { Segment, SEGMENTS } from "../api/program";
import { BarChart } from "../components/charts/BarChart";
import { Card } from "../components/Card";
import { SelectField } from "../components/Fields";
import { Page } from "../components/Page";
import { PageInfo, Pager, useCursorPages } from "../components/Pagination";
import { Empty, ErrorList, ErrorNotice, Loading } from "../components/States";
import { Table } from "../components/Table";
import { formatMoney, formatNumber, humanize, Money } from "../format";
import { navigate } from "../router";

const PAGE_SIZE = 20;
const EXPORT_PAGE = 100;

const COUNTS = `query ConsoleSegmentCounts {\n${SEGMENTS.map(
  (segment) => `${segment}: loyaltySegmentMembers(segment: ${segment}, first: 1) { totalCount }`,
).join("\n")}\n}`;

const SEGMENT_MEMBERS = `
  query ConsoleSegmentMembers($segment: LoyaltySegment, $first: Int, $after: String) {
    loyaltySegmentMembers(segment: $segment, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node {
        recencyDays frequency rfmScore segment monetary { amount currency }
        member { id pointsBalance tier { name } user { email } }
      } }
    }
  }
`;

interface SegmentMember {
  recencyDays: number | null;
  frequency: number;
  rfmScore: string;
  segment: Segment;
  monetary: Money;
  member: { id: string; pointsBalance: number; tier: { name: string } | null; user: { email: string } };
}

interface Connection {
  totalCount: number;
  pageInfo: PageInfo;
  edges: { node: SegmentMember }[];
}

export function Segments() {
  return (
    <Page title="Segments" anyOf={["MANAGE_USERS"]} what="see segments">
      <SegmentCounts />
      <SegmentList />
    </Page>
  );
}

function SegmentCounts() {
  const { data, error, loading } = useQuery<Record<Segment, { totalCount: number }>>(COUNTS);
  return (
    <Card title="Members per RFM segment" testId="segment-counts">
      {loading && <Loading />}
      {error && <ErrorNotice error={error} />}
      {data && (
        <BarChart title="Members per segment" labels={SEGMENTS.map(humanize)}
          series={[{ name: "Members", values: SEGMENTS.map((segment) => data[segment].totalCount) }]} />
      )}
    </Card>
  );
}

function toCsv(rows: SegmentMember[]): string {
  const header = ["email", "tier", "points", "segment", "rfm_score", "recency_days", "frequency", "monetary", "currency"];
  const quote = (value: unknown) => `"${String(value ?? "").replace(/"/g, '""')}"`;
  const lines = rows.map((row) => [row.member.user.email, row.member.tier?.name, row.member.pointsBalance, row.segment,
    row.rfmScore, row.recencyDays, row.frequency, row.monetary.amount, row.monetary.currency].map(quote).join(","));
  return [header.join(","), ...lines].join("\n");
}

/** Every member of the segment, page by page, as a CSV download. */
async function exportCsv(segment: Segment) {
  const rows: SegmentMember[] = [];
  let after: string | null = null;
  do {
    const data: { loyaltySegmentMembers: Connection } = await request(SEGMENT_MEMBERS, { segment, first: EXPORT_PAGE, after });
    rows.push(...data.loyaltySegmentMembers.edges.map((edge) => edge.node));
    after = data.loyaltySegmentMembers.pageInfo.hasNextPage ? data.loyaltySegmentMembers.pageInfo.endCursor : null;
  } while (after);
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([toCsv(rows)], { type: "text/csv" }));
  link.download = `segment-${segment.toLowerCase()}.csv`;
  link.click();
  URL.revokeObjectURL(link.href);
}

function SegmentList() {
  const [segment, setSegment] = useState<Segment>("CHAMPIONS");
  const [exporting, setExporting] = useState(false);
  const [exportErrors, setExportErrors] = useState<string[]>([]);
  const pages = useCursorPages();
  const { data, error, loading } = useQuery<{ loyaltySegmentMembers: Connection }>(SEGMENT_MEMBERS,
    { segment, first: PAGE_SIZE, after: pages.after });
  const rows = data?.loyaltySegmentMembers.edges.map((edge) => edge.node) ?? [];

  function choose(value: string) {
    pages.reset();
    setSegment(value as Segment);
  }

  async function download() {
    setExporting(true);
    setExportErrors([]);
    await exportCsv(segment).catch((e: Error) => setExportErrors([e.message]));
    setExporting(false);
  }

  return (
    <Card title="Members of a segment" actions={
      <Box display="flex" gap={3} alignItems="flex-end">
        <SelectField label="Segment" name="segment" value={segment} onChange={choose}
          choices={SEGMENTS.map((s) => ({ value: s, label: humanize(s) }))} />
        <Button variant="secondary" size="small" onClick={download} disabled={exporting || !rows.length}>
          {exporting ? "Exporting…" : "Export CSV"}
        </Button>
      </Box>
    }>
      <ErrorList errors={exportErrors} />
      {loading && <Loading />}
      {error && <ErrorNotice error={error} />}
      {data && !rows.length && <Empty>{`No member is in ${humanize(segment)} right now.`}</Empty>}
      {rows.length > 0 && (
        <>
          <Text size={2} color="default2">R, F and M are scored 1 (low) to 5 (high) against all buyers.</Text>
          <Table rows={rows} rowKey={(row) => row.member.id} onRowClick={(row) => navigate("members", row.member.id)}
            columns={[
              { header: "E-mail", cell: (row) => row.member.user.email },
              { header: "Tier", cell: (row) => row.member.tier?.name ?? "–" },
              { header: "RFM", cell: (row) => row.rfmScore },
              { header: "Last order", cell: (row) => (row.recencyDays == null ? "–" : `${row.recencyDays} days ago`) },
              { header: "Orders", cell: (row) => formatNumber(row.frequency), align: "right" },
              { header: "Spent", cell: (row) => formatMoney(row.monetary), align: "right" },
            ]} />
          <Pager pages={pages} pageInfo={data!.loyaltySegmentMembers.pageInfo}
            totalCount={data!.loyaltySegmentMembers.totalCount} pageSize={PAGE_SIZE} />
        </>
      )}
    </Card>
  );
}
