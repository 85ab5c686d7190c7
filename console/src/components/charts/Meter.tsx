import { formatPercent } from "../../format";

/** A ratio (0..1) as a filled bar. */
export function Meter({ ratio, label }: { ratio: number; label: string }) {
  const clamped = Math.min(1, Math.max(0, ratio));
  return (
    <svg viewBox="0 0 200 10" className="meter" role="img" aria-label={`${label}: ${formatPercent(ratio)}`}
      data-chart="meter" preserveAspectRatio="none">
      <rect width={200} height={10} rx={5} className="meter-track" />
      <rect width={Math.max(2, clamped * 200)} height={10} rx={5} fill="#3e63dd" />
    </svg>
  );
}
