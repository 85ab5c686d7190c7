import { formatNumber } from "../../format";
import { SERIES_COLORS } from "./palette";

export interface Series {
  name: string;
  values: number[];
}

/** Grouped vertical bars: one group per label, one bar per series; scales to its box. */
export function BarChart({ labels, series, title, height = 220 }: {
  labels: string[];
  series: Series[];
  title: string;
  height?: number;
}) {
  const width = 640;
  const margin = { top: 12, right: 8, bottom: 28, left: 48 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const groupWidth = plotWidth / Math.max(1, labels.length);
  const barWidth = (groupWidth * 0.8) / Math.max(1, series.length);
  const ticks = [...new Set([0, 0.5, 1].map((share) => Math.round(max * share)))];
  const y = (value: number) => margin.top + plotHeight - (value / max) * plotHeight;
  const labelEvery = Math.ceil(labels.length / 8);

  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} data-chart="bar">
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={margin.left} x2={width - margin.right} y1={y(tick)} y2={y(tick)} className="grid" />
            <text x={margin.left - 6} y={y(tick) + 4} textAnchor="end" className="axis">
              {formatNumber(tick)}
            </text>
          </g>
        ))}
        {labels.map((label, group) => {
          const x0 = margin.left + group * groupWidth + groupWidth * 0.1;
          return (
            <g key={label}>
              {series.map((s, index) => (
                <rect key={s.name} x={x0 + index * barWidth} y={y(s.values[group] ?? 0)} width={barWidth - 1}
                  height={margin.top + plotHeight - y(s.values[group] ?? 0)} fill={SERIES_COLORS[index]}
                  data-series={s.name} data-label={label} data-value={s.values[group] ?? 0}>
                  <title>{`${s.name}, ${label}: ${formatNumber(s.values[group] ?? 0)}`}</title>
                </rect>
              ))}
              {group % labelEvery === 0 && (
                <text x={x0 + (groupWidth * 0.8) / 2} y={height - 8} textAnchor="middle" className="axis">
                  {label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <Legend names={series.map((s) => s.name)} />
    </figure>
  );
}

export function Legend({ names }: { names: string[] }) {
  return (
    <figcaption className="legend">
      {names.map((name, index) => (
        <span key={name}>
          <i style={{ background: SERIES_COLORS[index % SERIES_COLORS.length] }} />
          {name}
        </span>
      ))}
    </figcaption>
  );
}
