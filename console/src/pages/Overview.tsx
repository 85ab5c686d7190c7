import { Text } from "@saleor/macaw-ui";
import { useState } from "react";

import { useChannels } from "../api/channels";
import { useQuery } from "../api/hooks";
import { BarChart } from "../components/charts/BarChart";
import { Meter } from "../components/charts/Meter";
import { Pyramid } from "../components/charts/Pyramid";
import { Card } from "../components/Card";
import { FieldRow, SelectField } from "../components/Fields";
import { Page } from "../components/Page";
import { Kpi } from "../components/Kpi";
import { Empty, ErrorNotice, Loading, Notice } from "../components/States";
import { formatMoney, formatNumber, formatPercent, Money } from "../format";

const STATS_FIELDS = `
  members activeMembers userRepurchaseRate orderRepurchaseRate
  tierDistribution { tier { id name rank } members share }
  pointsIssued pointsRedeemed pointsExpired outstandingPoints
  outstandingLiability { amount currency }
  memberAverageOrderValue { amount currency }
  guestAverageOrderValue { amount currency }
`;

// Money per currency (a shop selling in several): asked for where the API offers it.
const BY_CURRENCY_FIELDS = `
  outstandingLiabilityByCurrency { amount currency }
  memberAverageOrderValueByCurrency { amount currency }
  guestAverageOrderValueByCurrency { amount currency }
`;

function statsQuery(byCurrency: boolean): string {
  return `query OverviewStats($period: LoyaltyStatsPeriodInput) {
    loyaltyStats(period: $period) { ${STATS_FIELDS} ${byCurrency ? BY_CURRENCY_FIELDS : ""} }
  }`;
}

const STATS_TYPE = `query OverviewStatsFields { __type(name: "LoyaltyStats") { fields { name } } }`;

interface Stats {
  members: number;
  activeMembers: number;
  userRepurchaseRate: number;
  orderRepurchaseRate: number;
  tierDistribution: { tier: { id: string; name: string; rank: number }; members: number; share: number }[];
  pointsIssued: number;
  pointsRedeemed: number;
  pointsExpired: number;
  outstandingPoints: number;
  outstandingLiability: Money;
  memberAverageOrderValue: Money | null;
  guestAverageOrderValue: Money | null;
  outstandingLiabilityByCurrency?: Money[];
  memberAverageOrderValueByCurrency?: Money[];
  guestAverageOrderValueByCurrency?: Money[];
}

/** The money figures in one currency. */
interface MoneyFigures {
  liability: Money | null;
  memberAov: Money | null;
  guestAov: Money | null;
}

/** The currencies the stats have money figures in, the base (program's) currency first. */
function statsCurrencies(stats: Stats): string[] {
  const lists = [stats.outstandingLiabilityByCurrency, stats.memberAverageOrderValueByCurrency,
    stats.guestAverageOrderValueByCurrency];
  const codes = lists.flatMap((list) => (list ?? []).map((money) => money.currency));
  return [...new Set([stats.outstandingLiability.currency, ...codes])];
}

function figuresIn(stats: Stats, currency: string): MoneyFigures {
  if (!stats.outstandingLiabilityByCurrency) {
    return { liability: stats.outstandingLiability, memberAov: stats.memberAverageOrderValue,
      guestAov: stats.guestAverageOrderValue };
  }
  const find = (list?: Money[]) => list?.find((money) => money.currency === currency) ?? null;
  return { liability: find(stats.outstandingLiabilityByCurrency),
    memberAov: find(stats.memberAverageOrderValueByCurrency), guestAov: find(stats.guestAverageOrderValueByCurrency) };
}

interface Period {
  gte: string;
  lte: string;
}

const PERIODS = [
  { value: "30", label: "Last 30 days", bucketDays: 7, bucketName: "week" },
  { value: "90", label: "Last 90 days", bucketDays: 7, bucketName: "week" },
  { value: "365", label: "Last 12 months", bucketDays: 30, bucketName: "30 days" },
];
const DAY = 24 * 60 * 60 * 1000;

function periodEnding(end: Date, days: number): Period {
  return { gte: new Date(end.getTime() - days * DAY).toISOString(), lte: end.toISOString() };
}

/** The period split into buckets of `bucketDays`, oldest first, the last ending now. */
function buckets(end: Date, days: number, bucketDays: number): Period[] {
  const count = Math.ceil(days / bucketDays);
  return Array.from({ length: count }, (_, index) => {
    const bucketEnd = new Date(end.getTime() - (count - 1 - index) * bucketDays * DAY);
    return periodEnding(bucketEnd, bucketDays);
  });
}

/** One query asking loyaltyStats once per bucket (aliases b0, b1, ...). */
function seriesQuery(count: number): string {
  const args = Array.from({ length: count }, (_, i) => `$b${i}: LoyaltyStatsPeriodInput`).join(", ");
  const fields = Array.from(
    { length: count },
    (_, i) => `b${i}: loyaltyStats(period: $b${i}) { pointsIssued pointsRedeemed pointsExpired }`,
  ).join("\n");
  return `query OverviewPointsSeries(${args}) {\n${fields}\n}`;
}

type Series = Record<string, { pointsIssued: number; pointsRedeemed: number; pointsExpired: number }>;

export function Overview() {
  const [choice, setChoice] = useState(PERIODS[0].value);
  const [end, setEnd] = useState(() => new Date());
  const preset = PERIODS.find((p) => p.value === choice)!;
  const days = Number(preset.value);
  const period = periodEnding(end, days);
  const bucketPeriods = buckets(end, days, preset.bucketDays);

  function pick(value: string) {
    setChoice(value);
    setEnd(new Date());
  }

  return (
    <div data-testid="overview" data-period-gte={period.gte} data-period-lte={period.lte}>
      <Page title="Overview" anyOf={["MANAGE_USERS", "MANAGE_ORDERS"]} what="see the program's statistics"
        header={<SelectField label="Period" name="period" value={choice} onChange={pick} choices={PERIODS} />}>
        <StatsView period={period} />
        <PointsSeries periods={bucketPeriods} bucketName={preset.bucketName} />
      </Page>
    </div>
  );
}

function StatsView({ period }: { period: Period }) {
  const fields = useQuery<{ __type: { fields: { name: string }[] } | null }>(STATS_TYPE);
  const byCurrency = !!fields.data?.__type?.fields.some((field) => field.name === "outstandingLiabilityByCurrency");
  const { data, error, loading } = useQuery<{ loyaltyStats: Stats }>(statsQuery(byCurrency), { period },
    { skip: fields.loading });
  const channels = useChannels();
  const [picked, setPicked] = useState<string | null>(null);
  if (fields.loading || loading) return <Loading />;
  if (error) return <ErrorNotice error={error} />;
  const stats = data!.loyaltyStats;
  const currencies = statsCurrencies(stats);
  const currency = picked && currencies.includes(picked) ? picked : currencies[0];
  const money = figuresIn(stats, currency);
  const unreported = byCurrency ? [] : [...new Set(channels.map((c) => c.currencyCode))].filter((code) => code !== currency);
  const levels = [...stats.tierDistribution]
    .sort((a, b) => a.tier.rank - b.tier.rank)
    .map((share) => ({ name: share.tier.name, members: share.members, share: share.share }));
  const aov = [money.memberAov?.amount ?? 0, money.guestAov?.amount ?? 0];

  return (
    <>
      {currencies.length > 1 && (
        <FieldRow>
          <SelectField label="Currency" name="currency" value={currency} onChange={setPicked}
            choices={currencies.map((code) => ({ value: code, label: code }))} />
        </FieldRow>
      )}
      {unreported.length > 0 && (
        <Notice tone="info" title={`Money figures in ${currency}`} testId="stats-currency">
          {`The shop also sells in ${unreported.join(", ")}; the liability and average order values ` +
            `below are shown in ${currency}, the program's currency (this shop's API does not report them ` +
            "per currency yet)."}
        </Notice>
      )}
      <div className="kpi-grid">
        <Kpi id="members" label="Members" display={formatNumber(stats.members)} value={stats.members} />
        <Kpi id="active-members" label="Active members" display={formatNumber(stats.activeMembers)}
          value={stats.activeMembers} />
        <Kpi id="user-repurchase-rate" label="User repurchase rate" display={formatPercent(stats.userRepurchaseRate)}
          value={stats.userRepurchaseRate}>
          <Meter ratio={stats.userRepurchaseRate} label="User repurchase rate" />
        </Kpi>
        <Kpi id="order-repurchase-rate" label="Order repurchase rate"
          display={formatPercent(stats.orderRepurchaseRate)} value={stats.orderRepurchaseRate}>
          <Meter ratio={stats.orderRepurchaseRate} label="Order repurchase rate" />
        </Kpi>
        <Kpi id="outstanding-liability" label={`Outstanding points liability (${currency})`}
          display={formatMoney(money.liability)} value={money.liability?.amount}>
          <Text size={2} color="default2" data-testid="kpi-outstanding-points" data-value={stats.outstandingPoints}>
            {`${formatNumber(stats.outstandingPoints)} points not yet spent`}
          </Text>
        </Kpi>
        <Kpi id="points-issued" label="Points issued" display={formatNumber(stats.pointsIssued)}
          value={stats.pointsIssued}>
          <Text size={2} color="default2">
            <span data-testid="kpi-points-redeemed" data-value={stats.pointsRedeemed}>
              {`${formatNumber(stats.pointsRedeemed)} redeemed`}
            </span>
            {" · "}
            <span data-testid="kpi-points-expired" data-value={stats.pointsExpired}>
              {`${formatNumber(stats.pointsExpired)} expired`}
            </span>
          </Text>
        </Kpi>
      </div>
      <div className="chart-grid">
        <Card title="Tier pyramid" testId="tier-pyramid">
          {levels.length ? <Pyramid levels={levels} title="Members per tier" /> : <Empty>No tiers yet.</Empty>}
        </Card>
        <Card title={`Average order value (${currency})`} testId="aov">
          <BarChart title="Average order value, members and guests" labels={["Average order"]}
            series={[{ name: `Members ${formatMoney(money.memberAov)}`, values: [aov[0]] },
              { name: `Guests ${formatMoney(money.guestAov)}`, values: [aov[1]] }]} height={180} />
        </Card>
      </div>
    </>
  );
}

function PointsSeries({ periods, bucketName }: { periods: Period[]; bucketName: string }) {
  const variables = Object.fromEntries(periods.map((period, i) => [`b${i}`, period]));
  const { data, error, loading } = useQuery<Series>(seriesQuery(periods.length), variables);
  const labels = periods.map((period) => new Date(period.lte).toLocaleDateString(undefined, { month: "short", day: "numeric" }));
  const values = (field: "pointsIssued" | "pointsRedeemed" | "pointsExpired") =>
    periods.map((_, i) => data?.[`b${i}`]?.[field] ?? 0);
  return (
    <Card title={`Points issued, redeemed and expired per ${bucketName}`} testId="points-series">
      {loading && <Loading />}
      {error && <ErrorNotice error={error} />}
      {data && (
        <BarChart title={`Points per ${bucketName}`} labels={labels} series={[
          { name: "Issued", values: values("pointsIssued") },
          { name: "Redeemed", values: values("pointsRedeemed") },
          { name: "Expired", values: values("pointsExpired") },
        ]} />
      )}
    </Card>
  );
}
