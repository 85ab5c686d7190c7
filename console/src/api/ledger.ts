import { formatNumber } from "../format";

/** A row of a member's points ledger (`LoyaltyTransaction`), the fields every view of it reads. */
export interface LedgerEntry {
  id: string;
  kind: string;
  status: string;
  points: number;
  reason: string | null;
}

/** "+125" for points in, "-40" for points out. */
export function signedPoints(points: number): string {
  return (points > 0 ? "+" : "") + formatNumber(points);
}
