import { formatNumber, formatPercent } from "../../format";
import { SERIES_COLORS } from "./palette";

export interface PyramidLevel {
  name: string;
  members: number;
  share: number;
}

/** Tiers stacked by rank, the best on top, each as wide as its share of the members. */
export function Pyramid({ levels, title }: { levels: PyramidLevel[]; title: string }) {
  const width = 640;
  const rowHeight = 36;
  const height = levels.length * (rowHeight + 6);
  const max = Math.max(0.0001, ...levels.map((level) => level.share));
  const top = [...levels].reverse();
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${Math.max(height, rowHeight)}`} role="img" aria-label={title} data-chart="pyramid">
        {top.map((level, index) => {
          const barWidth = Math.max(4, (level.share / max) * (width - 220));
          const y = index * (rowHeight + 6);
          return (
            <g key={level.name}>
              <rect x={(width - barWidth) / 2} y={y} width={barWidth} height={rowHeight} rx={4}
                fill={SERIES_COLORS[(levels.length - 1 - index) % SERIES_COLORS.length]} />
              <text x={8} y={y + rowHeight / 2 + 5} className="label">{level.name}</text>
              <text x={width - 8} y={y + rowHeight / 2 + 5} textAnchor="end" className="label">
                {`${formatNumber(level.members)} · ${formatPercent(level.share)}`}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
