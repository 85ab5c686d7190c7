export interface Money {
  amount: number;
  currency: string;
}

export function formatNumber(value: number | null | undefined): string {
  return value == null ? "–" : new Intl.NumberFormat().format(value);
}

export function formatMoney(money: Money | null | undefined): string {
  if (!money) return "–";
  return new Intl.NumberFormat(undefined, { style: "currency", currency: money.currency }).format(
    money.amount,
  );
}

export function formatPercent(ratio: number | null | undefined): string {
  return ratio == null ? "–" : `${(ratio * 100).toFixed(1)}%`;
}

export function formatDate(value: string | null | undefined): string {
  return value ? new Date(value).toLocaleDateString() : "–";
}

export function formatDateTime(value: string | null | undefined): string {
  return value ? new Date(value).toLocaleString() : "–";
}

/** "ROLLING_SPEND" -> "Rolling spend" */
export function humanize(value: string | null | undefined): string {
  if (!value) return "–";
  const words = value.toLowerCase().replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
