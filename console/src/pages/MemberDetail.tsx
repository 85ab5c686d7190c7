import { Box, Button, Text } from "@saleor/macaw-ui";
import { FormEvent, useState } from "react";

import { FieldError } from "../api/client";
import { LedgerEntry, signedPoints } from "../api/ledger";
import { useMutation, useQuery } from "../api/hooks";
import { Card, PageHeader } from "../components/Card";
import { FieldRow, TextField } from "../components/Fields";
import { RequirePermission } from "../components/Guard";
import { PageInfo, Pager, useCursorPages } from "../components/Pagination";
import { Empty, ErrorList, ErrorNotice, Loading, Notice } from "../components/States";
import { Table } from "../components/Table";
import { formatDate, formatDateTime, formatNumber, humanize } from "../format";
import { href } from "../router";
import { Messages } from "./member/Messages";

const MEMBER = `
  query ConsoleMember($id: ID!) {
    loyaltyMember(id: $id) {
      id pointsBalance pendingPoints lifetimePoints joinedAt birthday referralCode paidTierUntil
      user { email firstName lastName }
      tier { name }
      pointsExpiringSoon { points expiresAt }
      tierHistory { fromTier { name } toTier { name } reason createdAt }
    }
  }
`;

const LEDGER = `
  query ConsoleMemberLedger($id: ID!, $first: Int, $after: String) {
    loyaltyMember(id: $id) {
      id
      transactions(first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { id kind status points reason createdAt expiresAt order { number } } }
      }
    }
  }
`;

const COUPONS = `
  query ConsoleMemberCoupons($id: ID!) {
    loyaltyMember(id: $id) {
      id
      coupons { code kind status discountValueType discountValue validUntil usedAt }
    }
  }
`;

const ADJUST = `
  mutation ConsolePointsAdjust($member: ID!, $points: Int!, $reason: String!) {
    loyaltyPointsAdjust(member: $member, points: $points, reason: $reason) {
      member { id pointsBalance }
      errors { field code message }
    }
  }
`;

interface Member {
  id: string;
  pointsBalance: number;
  pendingPoints: number;
  lifetimePoints: number;
  joinedAt: string;
  birthday: string | null;
  referralCode: string;
  paidTierUntil: string | null;
  user: { email: string; firstName: string; lastName: string };
  tier: { name: string } | null;
  pointsExpiringSoon: { points: number; expiresAt: string }[];
  tierHistory: { fromTier: { name: string } | null; toTier: { name: string } | null; reason: string; createdAt: string }[];
}

interface LedgerRow extends LedgerEntry {
  createdAt: string;
  expiresAt: string | null;
  order: { number: string } | null;
}

interface Coupon {
  code: string;
  kind: string;
  status: string;
  discountValueType: string;
  discountValue: number;
  validUntil: string | null;
  usedAt: string | null;
}

const LEDGER_PAGE = 20;

export function MemberDetail({ id }: { id: string }) {
  const [version, setVersion] = useState(0);
  return (
    <Box display="flex" flexDirection="column" gap={5}>
      <a href={href("members")} className="back">← Members</a>
      <RequirePermission anyOf={["MANAGE_USERS"]} what="see and manage members">
        <Summary id={id} version={version} onAdjusted={() => setVersion((v) => v + 1)} />
        <Ledger id={id} version={version} />
        <Coupons id={id} />
        <Messages id={id} />
      </RequirePermission>
    </Box>
  );
}

function Summary({ id, version, onAdjusted }: { id: string; version: number; onAdjusted: () => void }) {
  const { data, error, loading } = useQuery<{ loyaltyMember: Member | null }>(MEMBER, { id }, { refreshKey: version });
  if (loading && !data) return <Loading />;
  if (error) return <ErrorNotice error={error} />;
  const member = data?.loyaltyMember;
  if (!member) return <Notice tone="warning" title="Not found">No member has this ID.</Notice>;
  const name = `${member.user.firstName} ${member.user.lastName}`.trim();
  const expiring = member.pointsExpiringSoon.reduce((sum, lot) => sum + lot.points, 0);

  return (
    <>
      <PageHeader title={name || member.user.email} />
      <Text color="default2" data-testid="member-email">{member.user.email}</Text>
      <div className="kpi-grid">
        <Figure id="balance" label="Points balance" value={member.pointsBalance} />
        <Figure id="pending" label="Pending points" value={member.pendingPoints} />
        <Figure id="lifetime" label="Lifetime points" value={member.lifetimePoints} />
        <Figure id="expiring" label="Expiring in 30 days" value={expiring} />
      </div>
      <div className="chart-grid">
        <Card title="Membership">
          <dl className="facts">
            <dt>Tier</dt><dd data-testid="member-tier">{member.tier?.name ?? "–"}</dd>
            {member.paidTierUntil && (<><dt>Paid tier until</dt><dd>{formatDate(member.paidTierUntil)}</dd></>)}
            <dt>Joined</dt><dd>{formatDate(member.joinedAt)}</dd>
            <dt>Birthday</dt><dd>{formatDate(member.birthday)}</dd>
            <dt>Referral code</dt><dd>{member.referralCode}</dd>
          </dl>
          <Text as="h3" fontWeight="bold">Tier history</Text>
          {member.tierHistory.length ? (
            <ol className="history" data-testid="tier-history">
              {member.tierHistory.map((change) => (
                <li key={change.createdAt + change.reason}>
                  {`${formatDate(change.createdAt)}: ${change.fromTier?.name ?? "–"} → ${change.toTier?.name ?? "–"} (${humanize(change.reason)})`}
                </li>
              ))}
            </ol>
          ) : (
            <Empty>No tier changes yet.</Empty>
          )}
        </Card>
        <AdjustPoints memberId={member.id} onAdjusted={onAdjusted} />
      </div>
    </>
  );
}

function Figure({ id, label, value }: { id: string; label: string; value: number }) {
  return (
    <Box className="kpi card" data-testid={`member-${id}`} data-value={value} backgroundColor="default1"
      borderColor="default1" borderStyle="solid" borderWidth={1} borderRadius={4} padding={4}
      display="flex" flexDirection="column" gap={2}>
      <Text size={2} color="default2">{label}</Text>
      <Text size={8} fontWeight="bold">{formatNumber(value)}</Text>
    </Box>
  );
}

export function AdjustPoints({ memberId, onAdjusted }: { memberId: string; onAdjusted: () => void }) {
  const [points, setPoints] = useState("");
  const [reason, setReason] = useState("");
  const [done, setDone] = useState("");
  const [adjust, state] = useMutation<{ errors: FieldError[] }>(ADJUST, "loyaltyPointsAdjust");

  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone("");
    const result = await adjust({ member: memberId, points: Number(points), reason });
    if (result) {
      setDone(`${Number(points) > 0 ? "Added" : "Took"} ${formatNumber(Math.abs(Number(points)))} points.`);
      setPoints("");
      setReason("");
      onAdjusted();
    }
  }

  return (
    <Card title="Adjust points">
      <Box as="form" onSubmit={submit} display="flex" flexDirection="column" gap={3} data-testid="adjust-points">
        <Text size={2} color="default2">
          A positive number adds points, a negative one takes them away. The reason is kept in the ledger.
        </Text>
        <FieldRow>
          <TextField label="Points" name="points" type="number" value={points} onChange={setPoints} required />
          <TextField label="Reason" name="reason" value={reason} onChange={setReason} required />
        </FieldRow>
        <ErrorList errors={state.errors} />
        {done && <Notice tone="info" title="Saved" testId="adjust-done">{done}</Notice>}
        <Button type="submit" variant="primary" disabled={state.running}>
          {state.running ? "Saving…" : "Adjust points"}
        </Button>
      </Box>
    </Card>
  );
}

function Ledger({ id, version }: { id: string; version: number }) {
  const pages = useCursorPages();
  const { data, error, loading } = useQuery<{
    loyaltyMember: { transactions: { totalCount: number; pageInfo: PageInfo; edges: { node: LedgerRow }[] } } | null;
  }>(LEDGER, { id, first: LEDGER_PAGE, after: pages.after }, { refreshKey: version });
  const connection = data?.loyaltyMember?.transactions;
  const rows = connection?.edges.map((edge) => edge.node) ?? [];
  return (
    <Card title="Points ledger" testId="ledger">
      {loading && !data && <Loading />}
      {error && <ErrorNotice error={error} />}
      {connection && !rows.length && <Empty>No points movements yet.</Empty>}
      {connection && rows.length > 0 && (
        <>
          <Table rows={rows} rowKey={(row) => row.id} columns={[
            { header: "Date", cell: (row) => formatDateTime(row.createdAt) },
            { header: "Kind", cell: (row) => humanize(row.kind) },
            { header: "Status", cell: (row) => humanize(row.status) },
            { header: "Points", cell: (row) => signedPoints(row.points), align: "right" },
            { header: "Order", cell: (row) => (row.order ? `#${row.order.number}` : "–") },
            { header: "Reason", cell: (row) => row.reason || "–" },
            { header: "Expires", cell: (row) => formatDate(row.expiresAt) },
          ]} />
          <Pager pages={pages} pageInfo={connection.pageInfo} totalCount={connection.totalCount} pageSize={LEDGER_PAGE} />
        </>
      )}
    </Card>
  );
}

function Coupons({ id }: { id: string }) {
  const { data, error, loading } = useQuery<{ loyaltyMember: { coupons: Coupon[] } | null }>(COUPONS, { id });
  const coupons = data?.loyaltyMember?.coupons ?? [];
  return (
    <Card title="Coupons" testId="coupons">
      {loading && <Loading />}
      {error && <ErrorNotice error={error} />}
      {data && !coupons.length && <Empty>This member has no coupons.</Empty>}
      {coupons.length > 0 && (
        <Table rows={coupons} rowKey={(row) => row.code} columns={[
          { header: "Code", cell: (row) => row.code },
          { header: "Kind", cell: (row) => humanize(row.kind) },
          { header: "Status", cell: (row) => humanize(row.status) },
          { header: "Value", cell: (row) => (row.discountValueType === "PERCENTAGE" ? `${row.discountValue}%` : row.discountValue) },
          { header: "Valid until", cell: (row) => formatDate(row.validUntil) },
          { header: "Used", cell: (row) => formatDate(row.usedAt) },
        ]} />
      )}
    </Card>
  );
}
