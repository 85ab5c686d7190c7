import { Text } from "@saleor/macaw-ui";

import { useQuery } from "../api/hooks";
import { LedgerEntry, signedPoints } from "../api/ledger";
import { Kpi } from "../components/Kpi";
import { Empty, ErrorNotice, Loading, Notice } from "../components/States";
import { Table } from "../components/Table";
import { formatDate, formatNumber, humanize } from "../format";

/** An order has a handful of ledger rows (earned, released, reversed...): all of them. */
const ORDER_ROWS = 100;

const ORDER = `
  query DashboardOrder($id: ID!, $rows: Int!) {
    order(id: $id) {
      number
      user {
        email
        loyalty {
          transactions(first: $rows, order: $id) {
            edges { node { id kind status points reason availableAt } }
          }
        }
      }
    }
  }
`;

interface LedgerRow extends LedgerEntry {
  availableAt: string | null;
}

interface Order {
  order: {
    number: string;
    user: { email: string; loyalty: { transactions: { edges: { node: LedgerRow }[] } } | null } | null;
  } | null;
}

/** A row's status, with when pending points become available. */
function status(row: LedgerRow): string {
  return row.status === "PENDING" && row.availableAt ? `Pending until ${formatDate(row.availableAt)}` : humanize(row.status);
}

/** Points of the order's ledger rows that count (a void row no longer does). */
function counted(rows: LedgerRow[], status?: string): number {
  return rows.filter((row) => row.status !== "VOID" && (!status || row.status === status))
    .reduce((sum, row) => sum + row.points, 0);
}

/** The loyalty card on an order's page: what the order earned, pending or reversed, and why. */
export function OrderCard({ orderId }: { orderId: string }) {
  const { data, error, loading } = useQuery<Order>(ORDER, { id: orderId, rows: ORDER_ROWS });
  if (loading) return <Loading />;
  if (error) return <ErrorNotice error={error} />;
  const order = data?.order;
  if (!order) return <Notice tone="warning" title="Not found">No order has this ID.</Notice>;
  const member = order.user?.loyalty;
  if (!member) {
    return (
      <Notice tone="info" title="No loyalty points" testId="no-member">
        {order.user ? `${order.user.email} is not a loyalty member.` : "A guest placed this order."}
      </Notice>
    );
  }
  const rows = member.transactions.edges.map((edge) => edge.node);
  const total = counted(rows);
  return (
    <>
      <div className="figures">
        <Kpi id="order-points" label={`Points of order #${order.number}`} display={formatNumber(total)} value={total} />
        <Kpi id="order-pending" label="Of them pending" display={formatNumber(counted(rows, "PENDING"))}
          value={counted(rows, "PENDING")} />
      </div>
      {rows.length ? (
        <Table testId="order-ledger" rows={rows} rowKey={(row) => row.id} columns={[
          { header: "Kind", cell: (row) => humanize(row.kind) },
          { header: "Points", cell: (row) => signedPoints(row.points), align: "right" },
          { header: "Status", cell: (row) => status(row) },
          { header: "Why", cell: (row) => row.reason || "–" },
        ]} />
      ) : (
        <Empty>This order has earned no points.</Empty>
      )}
      <Text size={2} color="default2">{`Customer: ${order.user!.email}`}</Text>
    </>
  );
}
