import { BarChart } from "@mantine/charts";
import type { DayOfUse } from "./activity-per-day.ts";

/**
 * Requests per day, allowed and denied stacked (@mantine/charts over recharts). Loaded on demand by the PAT
 * detail page, so the chart library stays out of the bundle every other page loads.
 */
export function ActivityChart({ data }: { data: DayOfUse[] }) {
  return (
    <BarChart
      h={220}
      data={data}
      dataKey="day"
      type="stacked"
      withLegend
      tickLine="y"
      xAxisProps={{ interval: 4 }}
      // Requests are counted whole: no 0.75 on the axis.
      yAxisProps={{ allowDecimals: false }}
      series={[
        { name: "allowed", label: "Allowed", color: "teal.6" },
        { name: "denied", label: "Denied", color: "red.6" },
      ]}
    />
  );
}
