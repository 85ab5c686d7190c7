import { formatNumber } from "../../format";
import { SERIES_COLORS } from "./palette";

export interface HorizontalBar {
  label: string;
  value: number;
  /** Shown after the value, e.g. the revenue. */
  note?: string;
}

/** One bar per row, longest first as given, the label above the bar and the value beside it. */
export function HorizontalBars({ bars, title, color = 0, group }: {
  bars: HorizontalBar[];
  title: string;
  /** Index into the series colours. */
  color?: number;
  /** Marks the bars for tests (`data-group`). */
  group?: string;
}) {
  const width = 480;
  const rowHeight = 40;
  const labelHeight = 16;
  const valueWidth = 170;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const height = Math.max(rowHeight, bars.length * rowHeight);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} data-chart="hbar">
        {bars.map((bar, index) => {
          const y = index * rowHeight;
          const barWidth = Math.max(2, (bar.value / max) * (width - valueWidth));
          return (
            <g key={`${bar.label}-${index}`}>
              <text x={0} y={y + 13} className="axis">{bar.label}</text>
              <rect x={0} y={y + labelHeight + 2} width={barWidth} height={rowHeight - labelHeight - 8} rx={3}
                fill={SERIES_COLORS[color % SERIES_COLORS.length]} data-group={group} data-label={bar.label}
                data-value={bar.value}>
                <title>{`${bar.label}: ${formatNumber(bar.value)}${bar.note ? ` · ${bar.note}` : ""}`}</title>
              </rect>
              <text x={barWidth + 8} y={y + rowHeight - 11} className="axis">
                {`${formatNumber(bar.value)}${bar.note ? ` · ${bar.note}` : ""}`}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
