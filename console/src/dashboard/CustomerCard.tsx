import { Text } from "@saleor/macaw-ui";
import { useState } from "react";

import { useQuery } from "../api/hooks";
import { LedgerEntry, signedPoints } from "../api/ledger";
import { Kpi } from "../components/Kpi";
import { Empty, ErrorNotice, Loading, Notice } from "../components/States";
import { Table } from "../components/Table";
import { formatDate, formatNumber, humanize } from "../format";
import { AdjustPoints } from "../pages/MemberDetail";

const LAST_ROWS = 5;

const CUSTOMER = `
  query DashboardCustomer($id: ID!, $rows: Int!) {
    user(id: $id) {
      email
      loyalty {
        id pointsBalance pendingPoints
        tier { name }
        pointsExpiringSoon { points expiresAt }
        transactions(first: $rows) { edges { node { id kind status points reason createdAt order { number } } } }
        coupons { code kind status validUntil }
      }
    }
  }
`;

interface LedgerRow extends LedgerEntry {
  createdAt: string;
  order: { number: string } | null;
}

interface Customer {
  user: {
    email: string;
    loyalty: {
      id: string;
      pointsBalance: number;
      pendingPoints: number;
      tier: { name: string } | null;
      pointsExpiringSoon: { points: number; expiresAt: string }[];
      transactions: { edges: { node: LedgerRow }[] };
      coupons: { code: string; kind: string; status: string; validUntil: string | null }[];
    } | null;
  } | null;
}

/** The loyalty card on a customer's page: tier, points, the last ledger rows, coupons, an adjustment. */
export function CustomerCard({ userId }: { userId: string }) {
  const [version, setVersion] = useState(0);
  const { data, error, loading } = useQuery<Customer>(CUSTOMER, { id: userId, rows: LAST_ROWS }, { refreshKey: version });
  if (loading && !data) return <Loading />;
  if (error) return <ErrorNotice error={error} />;
  const user = data?.user;
  if (!user) return <Notice tone="warning" title="Not found">No customer has this ID.</Notice>;
  const member = user.loyalty;
  if (!member) {
    return (
      <Notice tone="info" title="Not a member" testId="not-a-member">
        {`${user.email} has not joined the loyalty program.`}
      </Notice>
    );
  }
  const expiring = member.pointsExpiringSoon.reduce((sum, lot) => sum + lot.points, 0);
  const rows = member.transactions.edges.map((edge) => edge.node);
  return (
    <>
      <Text size={3} color="default2" data-testid="member-tier">{`Tier: ${member.tier?.name ?? "–"}`}</Text>
      <div className="figures">
        <Kpi id="balance" label="Points balance" display={formatNumber(member.pointsBalance)} value={member.pointsBalance} />
        <Kpi id="pending" label="Pending" display={formatNumber(member.pendingPoints)} value={member.pendingPoints} />
        <Kpi id="expiring" label="Expiring in 30 days" display={formatNumber(expiring)} value={expiring} />
      </div>
      <Text as="h3" fontWeight="bold">Last points movements</Text>
      {rows.length ? (
        <Table testId="ledger" rows={rows} rowKey={(row) => row.id} columns={[
          { header: "Date", cell: (row) => formatDate(row.createdAt) },
          { header: "Kind", cell: (row) => humanize(row.kind) },
          { header: "Points", cell: (row) => signedPoints(row.points), align: "right" },
          { header: "Why", cell: (row) => row.reason || (row.order ? `Order #${row.order.number}` : "–") },
        ]} />
      ) : (
        <Empty>No points movements yet.</Empty>
      )}
      <Text as="h3" fontWeight="bold">Coupons</Text>
      {member.coupons.length ? (
        <Table testId="coupons" rows={member.coupons} rowKey={(row) => row.code} columns={[
          { header: "Code", cell: (row) => row.code },
          { header: "Status", cell: (row) => humanize(row.status) },
          { header: "Valid until", cell: (row) => formatDate(row.validUntil) },
        ]} />
      ) : (
        <Empty>No coupons.</Empty>
      )}
      <AdjustPoints memberId={member.id} onAdjusted={() => setVersion((v) => v + 1)} />
    </>
  );
}
