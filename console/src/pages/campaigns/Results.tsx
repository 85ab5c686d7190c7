import { Text } from "@saleor/macaw-ui";
import { useState } from "react";

import { CAMPAIGN_RESULTS, CampaignResults, GroupResults } from "../../api/campaigns";
import { useQuery } from "../../api/hooks";
import { UpliftChart } from "../../components/charts/UpliftChart";
import { Card } from "../../components/Card";
import { SelectField } from "../../components/Fields";
import { Kpi } from "../../components/Kpi";
import { ErrorNotice, Loading, Notice } from "../../components/States";
import { Table } from "../../components/Table";
import { formatDateTime, formatMoney, formatNumber, formatPercent, Money } from "../../format";

const WINDOWS = ["7", "30", "90"].map((value) => ({ value, label: `${value} days after sending` }));

interface Answer {
  loyaltyCampaign: { id: string; holdoutPercent: number; holdoutMembers: number; results: CampaignResults | null } | null;
}

/** What a sent campaign brought: its treated members against its holdout, over a window. */
export function Results({ id }: { id: string }) {
  const [windowDays, setWindowDays] = useState("30");
  const { data, error, loading } = useQuery<Answer>(CAMPAIGN_RESULTS, { id, windowDays: Number(windowDays) });
  const campaign = data?.loyaltyCampaign;
  return (
    <Card title="Results" testId="campaign-results" actions={
      <SelectField label="Window" name="windowDays" value={windowDays} onChange={setWindowDays} choices={WINDOWS} />
    }>
      {loading && <Loading />}
      {error && <ErrorNotice error={error} />}
      {!loading && campaign && !campaign.results && (
        <Notice tone="info" title="No results yet">Results appear once the campaign has been sent.</Notice>
      )}
      {!loading && campaign?.results && <ResultsView results={campaign.results} />}
    </Card>
  );
}

function money(value: Money | null): number | null {
  return value ? value.amount : null;
}

function roiDisplay(results: CampaignResults): { text: string; value: number | null } {
  if (results.roi != null) return { text: formatPercent(Number(results.roi)), value: Number(results.roi) };
  if (!results.holdout.members) return { text: "needs a holdout", value: null };
  if (!results.cost.amount) return { text: "no cost", value: null };
  return { text: "–", value: null };
}

function ResultsView({ results }: { results: CampaignResults }) {
  const { treated, holdout } = results;
  const currency = treated.revenuePerMember.currency;
  const format = (amount: number) => formatMoney({ amount, currency });
  const uplift = results.upliftPerMember && results.upliftLow && results.upliftHigh
    ? { value: results.upliftPerMember.amount, low: results.upliftLow.amount, high: results.upliftHigh.amount }
    : null;
  const roi = roiDisplay(results);
  const rows: { key: string; label: string; cell: (group: GroupResults) => string; value: (g: GroupResults) => number }[] = [
    { key: "members", label: "Members", cell: (g) => formatNumber(g.members), value: (g) => g.members },
    { key: "ordered", label: "Members who ordered", cell: (g) => formatNumber(g.membersOrdered), value: (g) => g.membersOrdered },
    { key: "orders", label: "Orders", cell: (g) => formatNumber(g.orders), value: (g) => g.orders },
    { key: "revenue", label: "Revenue", cell: (g) => formatMoney(g.revenue), value: (g) => g.revenue.amount },
    { key: "per-member", label: "Revenue per member", cell: (g) => formatMoney(g.revenuePerMember),
      value: (g) => g.revenuePerMember.amount },
  ];
  return (
    <>
      <Text size={2} color="default2" data-testid="results-window" data-value={results.windowDays}
        data-complete={String(results.complete)}>
        {`${results.windowDays} days after sending, ${results.complete ? "until" : "so far; the window ends"} ` +
          `${formatDateTime(results.windowEndsAt)}.`}
      </Text>
      <div className="chart-grid">
        <UpliftChart title="Revenue per member, treated and holdout, and the uplift with its 95 % interval"
          treated={treated.revenuePerMember.amount} holdout={holdout.revenuePerMember.amount} uplift={uplift}
          format={format} />
        <Table testId="results-groups" rows={rows} rowKey={(row) => row.key} columns={[
          { header: "", cell: (row) => row.label },
          { header: "Treated", align: "right", cell: (row) => (
            <span data-testid={`treated-${row.key}`} data-value={row.value(treated)}>{row.cell(treated)}</span>) },
          { header: "Holdout", align: "right", cell: (row) => (
            <span data-testid={`holdout-${row.key}`} data-value={row.value(holdout)}>{row.cell(holdout)}</span>) },
        ]} />
      </div>
      <div className="kpi-grid">
        <Kpi id="uplift" label="Uplift per member (95 %)" display={uplift ? format(uplift.value) : "needs a holdout"}
          value={uplift?.value}>
          {uplift && <Text size={2} color="default2">{`${format(uplift.low)} to ${format(uplift.high)}`}</Text>}
        </Kpi>
        <Kpi id="uplift-revenue" label="Uplift revenue"
          display={results.upliftRevenue ? formatMoney(results.upliftRevenue) : "needs a holdout"}
          value={money(results.upliftRevenue)} />
        <Kpi id="cost" label="Cost" display={formatMoney(results.cost)} value={results.cost.amount}>
          <Text size={2} color="default2">
            {`${formatNumber(results.couponsUsed)} coupons used (${formatMoney(results.couponCost)}) · ` +
              `${formatNumber(results.pointsGiven)} points (${formatMoney(results.pointsCost)})`}
          </Text>
        </Kpi>
        <Kpi id="roi" label="ROI" display={roi.text} value={roi.value} />
      </div>
    </>
  );
}
