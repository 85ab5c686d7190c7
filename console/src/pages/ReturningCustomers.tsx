import { Text } from "@saleor/macaw-ui";
import { useState } from "react";

import { useQuery } from "../api/hooks";
import { Ranking, RETURNING_CUSTOMERS, ReturningCustomers as Insight } from "../api/returning";
import { BarChart } from "../components/charts/BarChart";
import { HorizontalBars } from "../components/charts/HorizontalBars";
import { Card } from "../components/Card";
import { FieldRow, SelectField } from "../components/Fields";
import { Kpi } from "../components/Kpi";
import { Page } from "../components/Page";
import { Empty, ErrorNotice, Loading } from "../components/States";
import { formatMoney, formatNumber, formatPercent, humanize } from "../format";

const PERIODS = [
  { value: "30", label: "Last 30 days" },
  { value: "90", label: "Last 90 days" },
  { value: "365", label: "Last 12 months" },
  { value: "all", label: "All time" },
];
const TOPS = ["5", "10", "20"].map((value) => ({ value, label: `Top ${value}` }));
const DAY = 24 * 60 * 60 * 1000;
const GROUPS = ["First orders", "Repeat orders"];

interface Period {
  gte?: string;
  lte: string;
}

function periodOf(choice: string, end: Date): Period {
  if (choice === "all") return { lte: end.toISOString() };
  return { gte: new Date(end.getTime() - Number(choice) * DAY).toISOString(), lte: end.toISOString() };
}

export function ReturningCustomers() {
  const [choice, setChoice] = useState(PERIODS[0].value);
  const [top, setTop] = useState("10");
  const [end, setEnd] = useState(() => new Date());
  const period = periodOf(choice, end);

  function pick(value: string) {
    setChoice(value);
    setEnd(new Date());
  }

  return (
    <div data-testid="returning" data-period-gte={period.gte ?? ""} data-period-lte={period.lte} data-first={top}>
      <Page title="Returning customers" anyOf={["MANAGE_USERS", "MANAGE_ORDERS"]}
        what="see what first-time and repeat buyers buy"
        header={
          <FieldRow>
            <SelectField label="Period" name="period" value={choice} onChange={pick} choices={PERIODS} />
            <SelectField label="Products and categories" name="top" value={top} onChange={setTop} choices={TOPS} />
          </FieldRow>
        }>
        <InsightView period={period} top={Number(top)} />
      </Page>
    </div>
  );
}

function InsightView({ period, top }: { period: Period; top: number }) {
  const { data, error, loading } = useQuery<{ loyaltyReturningCustomers: Insight }>(RETURNING_CUSTOMERS,
    { period, first: top });
  if (loading) return <Loading />;
  if (error) return <ErrorNotice error={error} />;
  const insight = data!.loyaltyReturningCustomers;
  const orders = insight.firstOrders + insight.repeatOrders;
  const repeatShare = orders ? insight.repeatOrders / orders : null;
  return (
    <>
      <div className="kpi-grid">
        <Kpi id="first-orders" label="First orders" display={formatNumber(insight.firstOrders)}
          value={insight.firstOrders} />
        <Kpi id="repeat-orders" label="Repeat orders" display={formatNumber(insight.repeatOrders)}
          value={insight.repeatOrders} />
        <Kpi id="repeat-share" label="Share of repeat orders" display={formatPercent(repeatShare)}
          value={repeatShare} />
      </div>
      <Text size={2} color="default2" data-testid="returning-note">
        {`Orders of customers with an account (guest checkouts left out); weekdays and hours in the shop's ` +
          `time zone, ${insight.timeZone}. Revenue is the lines' gross totals in the program's currency.`}
      </Text>
      <TopCard title="Top products" testId="top-products" ranking={insight.topProducts} />
      <TopCard title="Top categories" testId="top-categories" ranking={insight.topCategories} />
      <div className="chart-grid">
        <Card title="Orders by weekday" testId="orders-by-weekday">
          <BarChart title="Orders by weekday, first and repeat"
            labels={insight.ordersByWeekday.map((day) => humanize(day.weekday).slice(0, 3))}
            series={[{ name: GROUPS[0], values: insight.ordersByWeekday.map((day) => day.firstTime) },
              { name: GROUPS[1], values: insight.ordersByWeekday.map((day) => day.repeat) }]} />
        </Card>
        <Card title="Orders by hour of the day" testId="orders-by-hour">
          <BarChart title="Orders by hour, first and repeat"
            labels={insight.ordersByHour.map((hour) => String(hour.hour).padStart(2, "0"))}
            series={[{ name: GROUPS[0], values: insight.ordersByHour.map((hour) => hour.firstTime) },
              { name: GROUPS[1], values: insight.ordersByHour.map((hour) => hour.repeat) }]} />
        </Card>
      </div>
    </>
  );
}

/** The ranking of each group side by side: units bought, with orders and revenue. */
function TopCard({ title, testId, ranking }: { title: string; testId: string; ranking: Ranking }) {
  const groups = [
    { name: GROUPS[0], key: "first-time", items: ranking.firstTime },
    { name: GROUPS[1], key: "repeat", items: ranking.repeat },
  ];
  return (
    <Card title={`${title}, by units bought`} testId={testId}>
      <div className="chart-grid">
        {groups.map((group, index) => (
          <div key={group.key} data-testid={`${testId}-${group.key}`}>
            <Text as="h3" size={4} fontWeight="bold">{group.name}</Text>
            {group.items.length ? (
              <HorizontalBars title={`${title}, ${group.name.toLowerCase()}`} color={index} group={group.key}
                bars={group.items.map((item) => ({
                  label: item.name, value: item.quantity,
                  note: `${formatNumber(item.orders)} ${item.orders === 1 ? "order" : "orders"} · ${formatMoney(item.revenue)}`,
                }))} />
            ) : (
              <Empty>No orders in this period.</Empty>
            )}
          </div>
        ))}
      </div>
    </Card>
  );
}
