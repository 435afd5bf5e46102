import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';

/**
 * The dashboard's charts (Mantine Charts on Recharts), loaded lazily by Summary.tsx. Each is a figure named by its
 * caption; its numbers are in the table under it, which is also how a keyboard or a screen reader reaches them.
 */

interface RatesProps {
  title: string;
  data: { key: string; name: string; onTimeRate: number | null; rate766: number | null }[];
  labels: { onTimeRate: string; rate766: string };
  /** A bar chosen: drill down to that unit. */
  onSelect: (key: string) => void;
}

export function RatesChart({ title, data, labels, onSelect }: RatesProps) {
  return (
    <figure style={{ margin: 0 }} aria-label={title} data-testid="rates-chart">
      <BarChart
        h={Math.max(160, 40 + data.length * 48)}
        data={data}
        dataKey="name"
        orientation="vertical"
        series={[
          { name: 'onTimeRate', label: labels.onTimeRate, color: 'teal.8' },
          { name: 'rate766', label: labels.rate766, color: 'blue.8' },
        ]}
        withLegend
        yAxisProps={{ width: 220 }}
        xAxisProps={{ domain: [0, 100] }}
        valueFormatter={(v) => `${v}%`}
        barProps={{
          cursor: 'pointer',
          onClick: (entry: { payload?: { key?: string } }) => {
            if (entry.payload?.key) onSelect(entry.payload.key);
          },
        }}
      />
    </figure>
  );
}

interface MonthsProps {
  title: string;
  data: { month: string; received: number; resolved: number }[];
  labels: { received: string; resolved: string };
}

export function MonthsChart({ title, data, labels }: MonthsProps) {
  return (
    <figure style={{ margin: 0 }} aria-label={title} data-testid="months-chart">
      <BarChart
        h={260}
        data={data}
        dataKey="month"
        series={[
          { name: 'received', label: labels.received, color: 'blue.8' },
          { name: 'resolved', label: labels.resolved, color: 'teal.8' },
        ]}
        withLegend
        yAxisProps={{ allowDecimals: false }}
      />
    </figure>
  );
}
