import { Text } from "@saleor/macaw-ui";

import { useQuery } from "../../api/hooks";
import { Journey, JOURNEYS, TRIGGER_NAMES } from "../../api/journeys";
import { Card } from "../../components/Card";
import { PageInfo, Pager, useCursorPages } from "../../components/Pagination";
import { Empty, ErrorNotice, Loading } from "../../components/States";
import { Table } from "../../components/Table";
import { navigate } from "../../router";
import { audienceText, stepText, triggerText } from "./describe";

const PAGE_SIZE = 20;

interface Connection {
  totalCount: number;
  pageInfo: PageInfo;
  edges: { node: Journey }[];
}

export function JourneyList() {
  const pages = useCursorPages();
  const { data, error, loading } = useQuery<{ loyaltyJourneys: Connection }>(JOURNEYS,
    { first: PAGE_SIZE, after: pages.after });
  const rows = data?.loyaltyJourneys.edges.map((edge) => edge.node) ?? [];
  return (
    <Card title="Member journeys" testId="journeys">
      <Text size={2} color="default2">
        A journey sends its steps to each member once per occasion: messages on the channels the member allows,
        points and coupons. Click a journey to edit, pause or delete it.
      </Text>
      {loading && <Loading />}
      {error && <ErrorNotice error={error} />}
      {data && !rows.length && <Empty>No journeys yet.</Empty>}
      {rows.length > 0 && (
        <>
          <Table rows={rows} rowKey={(row) => row.id} onRowClick={(row) => navigate("journeys", row.id)} columns={[
            { header: "Name", cell: (row) => <span data-testid="journey-name">{row.name}</span> },
            { header: "Trigger", cell: (row) => <span title={TRIGGER_NAMES[row.trigger]}>{triggerText(row)}</span> },
            { header: "Active", cell: (row) => (
              <span data-testid="journey-active" data-value={String(row.active)}>{row.active ? "Active" : "Paused"}</span>
            ) },
            { header: "Audience", cell: audienceText },
            { header: "Steps", cell: (row) => (
              <ol className="steps">
                {row.steps.map((step) => <li key={step.position}>{stepText(step)}</li>)}
              </ol>
            ) },
          ]} />
          <Pager pages={pages} pageInfo={data!.loyaltyJourneys.pageInfo} totalCount={data!.loyaltyJourneys.totalCount}
            pageSize={PAGE_SIZE} />
        </>
      )}
    </Card>
  );
}
