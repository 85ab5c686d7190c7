import { Text } from "@saleor/macaw-ui";

import { formatDateTime, humanize } from "../format";
import { Empty } from "./States";
import { Table } from "./Table";

/** The fields of a LoyaltyDelivery the console shows. */
export const DELIVERY_FIELDS = "id channel status attempts lastError createdAt sentAt text journey { id name }";

export interface Delivery {
  id: string;
  channel: "EMAIL" | "SMS" | "PUSH";
  status: "PENDING" | "SENT" | "FAILED" | "SKIPPED";
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  text: string;
  journey: { id: string; name: string } | null;
}

/** Messages sent (or tried) to members, newest first. */
export function DeliveryTable({ rows, showJourney = false, empty }: {
  rows: Delivery[];
  showJourney?: boolean;
  empty: string;
}) {
  if (!rows.length) return <Empty>{empty}</Empty>;
  return (
    <Table rows={rows} rowKey={(row) => row.id} testId="deliveries" columns={[
      { header: "Created", cell: (row) => formatDateTime(row.createdAt) },
      ...(showJourney ? [{ header: "Journey", cell: (row: Delivery) => row.journey?.name ?? "–" }] : []),
      { header: "Channel", cell: (row) => humanize(row.channel) },
      { header: "Status", cell: (row) => <span data-status={row.status}>{humanize(row.status)}</span> },
      { header: "Attempts", cell: (row) => row.attempts, align: "right" },
      { header: "Last error", cell: (row) => (row.lastError
        ? <Text size={2} color="critical1">{row.lastError}</Text> : "–") },
      { header: "Text", cell: (row) => <span className="clip" title={row.text}>{row.text || "–"}</span> },
    ]} />
  );
}
