import { Group, Stack, Table, Text, Tooltip } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, ok } from "../../api/client";
import { useCatalogue, useLocalText } from "../../api/definition";
import { useFormat } from "../../i18n/format";
import { GradeBadge } from "../../ui/grade-badge";
import { EmptyState, ErrorState, Loading } from "../../ui/states";
import { type ChartBar, ConversionChart } from "./conversion-chart";
import type { ReportFilters } from "./filters";
import { NO_GRADE, useGradeColor } from "./grade-colors";
import { conversionVerdict, MIN_OUTCOMES } from "./verdict";

/** Does each grade convert as intended: win rate per grade at hand-off, its interval, the verdict, the table. */
export function ConversionReport({ filters }: { filters: ReportFilters }) {
  const { t } = useTranslation("reports");
  const f = useFormat();
  const local = useLocalText();
  const colour = useGradeColor();
  const catalogue = useCatalogue().data;
  const report = useQuery({
    queryKey: ["reports", "conversion", filters],
    queryFn: () => ok(api.GET("/api/v1/reports/conversion", { params: { query: filters } })),
  });
  const label = (g: string) =>
    g === NO_GRADE ? t("common:ungraded") : local(catalogue?.grades.find((x) => x.key === g)?.label) || g;
  const grades = report.data?.grades ?? [];
  const bars: ChartBar[] = grades
    .filter((g) => g.winRate !== null && g.winRateInterval !== null)
    .map((g) => ({
      grade: g.grade,
      label: label(g.grade),
      rate: g.winRate as number,
      low: g.winRateInterval?.low ?? 0,
      high: g.winRateInterval?.high ?? 1,
      colour: colour(g.grade),
    }));

  if (report.isPending) return <Loading />;
  if (report.isError) return <ErrorState error={report.error} onRetry={() => void report.refetch()} />;
  const verdict = conversionVerdict(grades, NO_GRADE);
  const handedOff = grades.reduce((n, g) => n + g.handedOff, 0);
  if (verdict.kind === "none")
    return (
      <EmptyState title={t("conversion.emptyTitle")}>
        <Text size="sm" c="dimmed" maw={520}>
          {handedOff > 0
            ? t("conversion.emptyHandedOff", { count: handedOff, n: f.number(handedOff) })
            : t("conversion.empty")}
        </Text>
      </EmptyState>
    );

  const ci = (g: { winRateInterval: { low: number; high: number } | null }) =>
    g.winRateInterval ? `${f.percent(g.winRateInterval.low)}–${f.percent(g.winRateInterval.high)}` : "—";
  const sentence =
    verdict.kind === "tooFew"
      ? t("conversion.verdict.tooFew", { min: MIN_OUTCOMES })
      : t(`conversion.verdict.${verdict.kind}`, {
          higher: label(verdict.higher.grade),
          higherRate: f.percent(verdict.higher.winRate ?? 0),
          higherCi: ci(verdict.higher),
          lower: label(verdict.lower.grade),
          lowerRate: f.percent(verdict.lower.winRate ?? 0),
          lowerCi: ci(verdict.lower),
        });
  const amounts = (a: Record<string, number>) =>
    Object.entries(a)
      .map(([c, v]) => (/^[A-Z]{3}$/.test(c) ? f.money(v, c) : `${f.number(v)} ${c}`))
      .join(", ") || "—";
  const days = (d: number | null) => (d === null ? "—" : t("conversion.days", { count: d, n: f.number(d) }));

  return (
    <Stack gap="md">
      <ConversionChart
        bars={bars}
        ariaLabel={`${t("conversion.chartLabel")} ${sentence}`}
        percent={f.percent}
      />
      <Text size="sm" fw={500} data-testid="conversion-verdict" data-verdict={verdict.kind}>
        {sentence}
      </Text>
      <Table.ScrollContainer minWidth={720}>
        <Table fz="sm" striped data-testid="conversion-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th miw={130}>{t("conversion.grade")}</Table.Th>
              <Table.Th ta="right">{t("conversion.handedOff")}</Table.Th>
              <Table.Th ta="right">{t("conversion.won")}</Table.Th>
              <Table.Th ta="right">{t("conversion.lost")}</Table.Th>
              <Table.Th ta="right">{t("conversion.open")}</Table.Th>
              <Table.Th ta="right">{t("conversion.winRate")}</Table.Th>
              <Table.Th ta="right">{t("conversion.interval")}</Table.Th>
              <Table.Th ta="right">{t("conversion.wonAmount")}</Table.Th>
              <Table.Th ta="right">{t("conversion.daysToWon")}</Table.Th>
              <Table.Th ta="right">{t("conversion.daysToLost")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {grades.map((g) => (
              <Table.Tr key={g.grade}>
                <Table.Td>
                  {g.grade === NO_GRADE ? t("common:ungraded") : <GradeBadge grade={g.grade} />}
                </Table.Td>
                <Table.Td ta="right">{f.number(g.handedOff)}</Table.Td>
                <Table.Td ta="right">{f.number(g.won)}</Table.Td>
                <Table.Td ta="right">{f.number(g.lost)}</Table.Td>
                <Table.Td ta="right">{f.number(g.noOutcome)}</Table.Td>
                <Table.Td ta="right">{g.winRate === null ? "—" : f.percent(g.winRate)}</Table.Td>
                <Table.Td ta="right">{ci(g)}</Table.Td>
                <Table.Td ta="right">{amounts(g.wonAmounts)}</Table.Td>
                <Table.Td ta="right">{days(g.medianDaysToWon)}</Table.Td>
                <Table.Td ta="right">{days(g.medianDaysToLost)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group gap={4}>
        <Tooltip label={t("conversion.howTip")} multiline maw={420}>
          <Text size="xs" c="dimmed" tabIndex={0} td="underline dotted">
            {t("conversion.how")}
          </Text>
        </Tooltip>
      </Group>
    </Stack>
  );
}
