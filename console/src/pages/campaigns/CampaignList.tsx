import { useQuery } from "../../api/hooks";
import { Campaign, CAMPAIGNS } from "../../api/campaigns";
import { Card } from "../../components/Card";
import { PageInfo, Pager, useCursorPages } from "../../components/Pagination";
import { Empty, ErrorNotice, Loading } from "../../components/States";
import { Table } from "../../components/Table";
import { formatDateTime, formatNumber, humanize } from "../../format";
import { navigate } from "../../router";

const PAGE_SIZE = 10;

export function audienceName(campaign: Campaign): string {
  if (campaign.audience) return campaign.audience.name;
  if (campaign.tier) return `Tier ${campaign.tier.name}`;
  if (campaign.segment) return `Segment ${humanize(campaign.segment)}`;
  return "A filter";
}

/** The campaigns sent, newest first; a click opens one with its results. */
export function CampaignList({ refreshKey }: { refreshKey?: unknown }) {
  const pages = useCursorPages();
  const { data, error, loading } = useQuery<{
    loyaltyCampaigns: { totalCount: number; pageInfo: PageInfo; edges: { node: Campaign }[] };
  }>(CAMPAIGNS, { first: PAGE_SIZE, after: pages.after }, { refreshKey });
  const rows = data?.loyaltyCampaigns.edges.map((edge) => edge.node) ?? [];
  return (
    <Card title="Campaigns sent" testId="campaign-list">
      {loading && <Loading />}
      {error && <ErrorNotice error={error} />}
      {data && !rows.length && <Empty>No campaign has been sent yet.</Empty>}
      {rows.length > 0 && (
        <>
          <Table rows={rows} rowKey={(row) => row.id} onRowClick={(row) => navigate("campaigns", row.id)} columns={[
            { header: "Name", cell: (row) => row.name },
            { header: "Audience", cell: audienceName },
            { header: "Status", cell: (row) => humanize(row.status) },
            { header: "Members", cell: (row) => formatNumber(row.recipients), align: "right" },
            { header: "Holdout", cell: (row) => (row.holdoutPercent ? `${row.holdoutPercent}% · ${formatNumber(row.holdoutMembers)}` : "none"),
              align: "right" },
            { header: "Sent", cell: (row) => formatDateTime(row.createdAt) },
          ]} />
          <Pager pages={pages} pageInfo={data!.loyaltyCampaigns.pageInfo} totalCount={data!.loyaltyCampaigns.totalCount}
            pageSize={PAGE_SIZE} />
        </>
      )}
    </Card>
  );
}
