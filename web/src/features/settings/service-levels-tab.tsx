import {
  Alert,
  Anchor,
  Badge,
  Group,
  List,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, ok } from "../../api/client";
import { useCatalogue, useLocalText } from "../../api/definition";
import { useFormat } from "../../i18n/format";
import { GradeBadge } from "../../ui/grade-badge";
import { ErrorState, Loading } from "../../ui/states";

/** Minutes after midnight as HH:MM. */
const clock = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

/** UTC offset in minutes as "UTC+03:00". */
const offset = (m: number) => `UTC${m < 0 ? "−" : "+"}${clock(Math.abs(m))}`;

/** Service levels and working hours of the active definition: read here, changed through a version. */
export function ServiceLevelsTab() {
  const { t } = useTranslation("settings");
  const f = useFormat();
  const local = useLocalText();
  const catalogue = useCatalogue().data;
  const levels = useQuery({
    queryKey: ["service-levels"],
    queryFn: () => ok(api.GET("/api/v1/service-levels")),
  });

  if (levels.isPending) return <Loading />;
  if (levels.isError) return <ErrorState error={levels.error} onRetry={() => void levels.refetch()} />;
  const s = levels.data;
  const weekday = new Intl.DateTimeFormat(f.locale, { weekday: "long", timeZone: "UTC" });
  // 2026-11-29 is a Sunday: day n of the week is that day plus n.
  const dayName = (n: number) => weekday.format(Date.UTC(2026, 10, 29 + n));
  const factLabel = (key: string) => local(catalogue?.facts.find((x) => x.key === key)?.label) || key;

  return (
    <Stack gap="md" data-testid="service-levels">
      <Title order={2} size="h3">
        {t("levels.title", { version: s.version })}
      </Title>
      <Alert color="gray" variant="light">
        <Text size="sm">
          {t("levels.readOnly")}{" "}
          <Anchor component={Link} to="/definition" c="blue.9" fw={600}>
            {t("levels.toDefinition")}
          </Anchor>
        </Text>
      </Alert>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Paper withBorder p="md" radius="md">
          <Title order={3} size="h5" mb="xs">
            {t("levels.slaTitle")}
          </Title>
          {s.serviceLevels.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t("levels.noSla")}
            </Text>
          ) : (
            <Table data-testid="sla-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("levels.grade")}</Table.Th>
                  <Table.Th>{t("levels.respondWithin")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {s.serviceLevels.map((l) => (
                  <Table.Tr key={l.grade}>
                    <Table.Td>
                      <GradeBadge grade={l.grade} />
                    </Table.Td>
                    <Table.Td>
                      {t(`levels.duration.${l.unit}`, { count: l.n, n: f.number(l.n) })}{" "}
                      <Text span size="xs" c="dimmed">
                        {l.working ? t("levels.workingTime") : t("levels.calendarTime")}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Paper>
        <Paper withBorder p="md" radius="md">
          <Title order={3} size="h5" mb="xs">
            {t("levels.hoursTitle")}
          </Title>
          <Stack gap={6}>
            <Text size="sm" data-testid="working-days">
              {s.workingHours.days.map(dayName).join(", ")}
            </Text>
            <Text size="sm" data-testid="working-hours">
              {t("levels.hours", { from: clock(s.workingHours.from), to: clock(s.workingHours.to) })}
            </Text>
            <Text size="sm">{t("levels.zone", { offset: offset(s.workingHours.utcOffset) })}</Text>
            <Text size="xs" c="dimmed">
              {t("levels.noDst")}
            </Text>
            <Text size="sm" fw={500} mt="xs">
              {t("levels.holidays")}
            </Text>
            <Text size="sm" c="dimmed">
              {t("levels.noHolidays")}
            </Text>
          </Stack>
        </Paper>
        <Paper withBorder p="md" radius="md">
          <Title order={3} size="h5" mb="xs">
            {t("levels.handoffTitle")}
          </Title>
          <Text size="sm" mb={4}>
            {t("levels.handoffGrades")}
          </Text>
          <Group gap={4} mb="sm">
            {s.handoff.grades.map((g) => (
              <GradeBadge key={g} grade={g} />
            ))}
          </Group>
          <Text size="sm" mb={4}>
            {t("levels.requiredFacts")}
          </Text>
          {s.handoff.requiredFacts.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t("levels.noRequiredFacts")}
            </Text>
          ) : (
            <List size="sm">
              {s.handoff.requiredFacts.map((k) => (
                <List.Item key={k}>{factLabel(k)}</List.Item>
              ))}
            </List>
          )}
        </Paper>
        <Paper withBorder p="md" radius="md">
          <Title order={3} size="h5" mb="xs">
            {t("levels.reasonsTitle")}
          </Title>
          <Text size="sm" fw={500}>
            {t("levels.rejection")}
          </Text>
          <List size="sm" mb="sm">
            {s.rejectionReasons.map((r) => (
              <List.Item key={r.key}>{local(r.label)}</List.Item>
            ))}
          </List>
          <Text size="sm" fw={500}>
            {t("levels.lost")}
          </Text>
          <List size="sm">
            {s.lostReasons.map((r) => (
              <List.Item key={r.key}>
                {local(r.label)}{" "}
                <Badge
                  size="xs"
                  variant="light"
                  color={r.countsAgainst === "lead_quality" ? "orange" : "gray"}
                  c={r.countsAgainst === "lead_quality" ? "orange.9" : "gray.8"}
                >
                  {t(`levels.countsAgainst.${r.countsAgainst}`)}
                </Badge>
              </List.Item>
            ))}
          </List>
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}
