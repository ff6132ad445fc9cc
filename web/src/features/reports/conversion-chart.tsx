import { Box, Skeleton } from "@mantine/core";
import { useElementSize } from "@mantine/hooks";
import { useEffect, useRef, useState } from "react";

export interface ChartBar {
  readonly grade: string;
  readonly label: string;
  readonly rate: number;
  readonly low: number;
  readonly high: number;
  readonly colour: string;
}

/**
 * Bars of win rate per grade with their 95 % interval as whiskers. Observable Plot is heavy: it is
 * imported here only, when the chart first shows (this file is reached only from the reports screen).
 */
export function ConversionChart({
  bars,
  ariaLabel,
  percent,
}: {
  bars: readonly ChartBar[];
  ariaLabel: string;
  percent: (v: number) => string;
}) {
  const { ref: sizeRef, width } = useElementSize();
  const host = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);

  // The bars as a value: the effect draws again when they change, not when a new array is passed.
  const data = JSON.stringify(bars);
  useEffect(() => {
    const rows = JSON.parse(data) as ChartBar[];
    let gone = false;
    const el = host.current;
    if (!el || width === 0) return;
    void import("@observablehq/plot").then((Plot) => {
      if (gone) return;
      // Whisker caps a third of a bar wide: the band is the plot width over the bars, less padding.
      const band = ((width - 48 - 20) / Math.max(1, rows.length)) * (1 - 0.35);
      const cap = { stroke: "currentColor", strokeWidth: 1.5, inset: Math.max(0, band / 3) };
      const chart = Plot.plot({
        width,
        height: 240,
        marginLeft: 48,
        marginRight: 20,
        ariaLabel,
        x: { domain: rows.map((b) => b.label), label: null, padding: 0.35 },
        y: { domain: [0, 1], tickFormat: (v: number) => percent(v), label: null, grid: true, ticks: 5 },
        marks: [
          Plot.barY(rows, {
            x: "label",
            y: "rate",
            fill: (b: ChartBar) => b.colour,
            fillOpacity: 0.85,
            title: (b: ChartBar) => `${b.label}: ${percent(b.rate)} (${percent(b.low)}–${percent(b.high)})`,
          }),
          Plot.ruleX(rows, { x: "label", y1: "low", y2: "high", stroke: "currentColor", strokeWidth: 1.5 }),
          Plot.tickY(rows, { x: "label", y: "low", ...cap }),
          Plot.tickY(rows, { x: "label", y: "high", ...cap }),
          Plot.ruleY([0]),
        ],
      });
      // The host names the chart (role img); the marks' own labels would only repeat it.
      chart.setAttribute("aria-hidden", "true");
      el.replaceChildren(chart);
      setReady(true);
    });
    return () => {
      gone = true;
    };
  }, [data, width, ariaLabel, percent]);

  return (
    <Box ref={sizeRef} pos="relative" mih={240} data-testid="conversion-chart">
      {!ready && <Skeleton height={240} />}
      <div ref={host} role="img" aria-label={ariaLabel} style={{ color: "var(--mantine-color-text)" }} />
    </Box>
  );
}
