import { formatNumber } from "../../format";
import { SERIES_COLORS } from "./palette";

export interface Uplift {
  value: number;
  low: number;
  high: number;
}

/**
 * Two bars (treated and holdout revenue per member) and, on the same money scale, the uplift
 * (their difference) as a point with its 95 % interval as an error bar; zero is marked.
 */
export function UpliftChart({ treated, holdout, uplift, title, format = formatNumber }: {
  treated: number;
  holdout: number;
  uplift: Uplift | null;
  title: string;
  format?: (value: number) => string;
}) {
  const width = 640;
  const height = 260;
  const margin = { top: 16, right: 12, bottom: 30, left: 72 };
  const plotHeight = height - margin.top - margin.bottom;
  const columnWidth = (width - margin.left - margin.right) / 3;
  const values = [0, treated, holdout, ...(uplift ? [uplift.low, uplift.high, uplift.value] : [])];
  const min = Math.min(...values);
  // Nothing to show yet (all zero): zero sits at the bottom of a unit scale.
  const max = Math.max(...values) > min ? Math.max(...values) : min + 1;
  const span = max - min;
  const y = (value: number) => margin.top + ((max - value) / span) * plotHeight;
  const ticks = [...new Set([min, 0, max])];
  const bars = [
    { key: "treated", label: "Treated", value: treated, color: SERIES_COLORS[0] },
    { key: "holdout", label: "Holdout", value: holdout, color: SERIES_COLORS[3] },
  ];
  const center = (column: number) => margin.left + columnWidth * (column + 0.5);
  const barWidth = columnWidth * 0.5;

  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} data-chart="uplift">
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={margin.left} x2={width - margin.right} y1={y(tick)} y2={y(tick)}
              className={tick === 0 ? "zero" : "grid"} />
            <text x={margin.left - 6} y={y(tick) + 4} textAnchor="end" className="axis">{format(tick)}</text>
          </g>
        ))}
        {bars.map((bar, column) => (
          <g key={bar.key}>
            <rect x={center(column) - barWidth / 2} y={Math.min(y(bar.value), y(0))} width={barWidth}
              height={Math.max(1, Math.abs(y(0) - y(bar.value)))} rx={3} fill={bar.color}
              data-series={bar.key} data-value={bar.value}>
              <title>{`${bar.label}: ${format(bar.value)} per member`}</title>
            </rect>
            <text x={center(column)} y={height - 10} textAnchor="middle" className="axis">{bar.label}</text>
          </g>
        ))}
        <g data-series="uplift" data-value={uplift?.value ?? ""} data-low={uplift?.low ?? ""}
          data-high={uplift?.high ?? ""}>
          {uplift ? (
            <>
              <line x1={center(2)} x2={center(2)} y1={y(uplift.high)} y2={y(uplift.low)} className="whisker" />
              <line x1={center(2) - 12} x2={center(2) + 12} y1={y(uplift.high)} y2={y(uplift.high)}
                className="whisker" />
              <line x1={center(2) - 12} x2={center(2) + 12} y1={y(uplift.low)} y2={y(uplift.low)}
                className="whisker" />
              <circle cx={center(2)} cy={y(uplift.value)} r={6} fill={SERIES_COLORS[1]}>
                <title>{`Uplift: ${format(uplift.value)} per member (95 %: ${format(uplift.low)} to ${format(uplift.high)})`}</title>
              </circle>
            </>
          ) : (
            <text x={center(2)} y={y(0) - 8} textAnchor="middle" className="axis">needs a holdout</text>
          )}
          <text x={center(2)} y={height - 10} textAnchor="middle" className="axis">Uplift (95 %)</text>
        </g>
      </svg>
    </figure>
  );
}
