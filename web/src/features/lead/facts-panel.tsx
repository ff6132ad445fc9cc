import { Anchor, Badge, Box, Group, List, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type Catalogue, useLocalText } from "../../api/definition";
import { useFormat } from "../../i18n/format";
import { type CatalogueFact, type HistoryEntry, type LeadDetail, useFactValue, useWho } from "./data";

interface Observation {
  readonly value: unknown;
  readonly channel: string;
  readonly recordedBy: string;
  readonly recordedAt: number;
  readonly quote: string | null;
}

/** Every observation of each fact, newest first, from the lead's history. */
function observationsByFact(history: readonly HistoryEntry[]): Map<string, Observation[]> {
  const out = new Map<string, Observation[]>();
  for (const h of history) {
    if (h.kind !== "fact") continue;
    const d = h.data as Partial<Observation> & { fact?: string };
    if (typeof d.fact !== "string") continue;
    const list = out.get(d.fact) ?? [];
    list.unshift({
      value: d.value ?? null,
      channel: d.channel ?? "",
      recordedBy: d.recordedBy ?? "",
      recordedAt: typeof d.recordedAt === "number" ? d.recordedAt : h.at,
      quote: d.quote ?? null,
    });
    out.set(d.fact, list);
  }
  return out;
}

/**
 * Every fact of the active definition: its value (or "not asked yet", never "no"), the evidence
 * under it (the prospect's words, channel, who, when) and, on demand, its earlier observations.
 */
export function FactsPanel({
  lead,
  catalogue,
  meId,
}: {
  lead: LeadDetail;
  catalogue: Catalogue;
  meId: string;
}) {
  const { t } = useTranslation("lead");
  const byFact = observationsByFact(lead.history);
  return (
    <Stack gap="sm" component="section" aria-labelledby="facts-heading">
      <Title order={2} size="h4" id="facts-heading">
        {t("facts")}
      </Title>
      {catalogue.facts.map((f) => (
        <FactRow
          key={f.key}
          fact={f}
          current={lead.facts.find((x) => x.fact === f.key)}
          earlier={(byFact.get(f.key) ?? []).slice(1)}
          meId={meId}
          people={lead.people}
          disputed={lead.disputes.some((d) => d.fact === f.key && d.status === "open")}
          graded={f.type !== "text"}
        />
      ))}
    </Stack>
  );
}

function FactRow({
  fact,
  current,
  earlier,
  meId,
  people,
  disputed,
  graded,
}: {
  fact: CatalogueFact;
  current: LeadDetail["facts"][number] | undefined;
  earlier: Observation[];
  meId: string;
  people: Readonly<Record<string, string>>;
  disputed: boolean;
  graded: boolean;
}) {
  const { t } = useTranslation("lead");
  const { t: tc } = useTranslation();
  const local = useLocalText();
  const show = useFactValue();
  const [open, setOpen] = useState(false);
  const known = current !== undefined && current.value !== null;
  const historyId = `fact-history-${fact.key}`;
  return (
    <Box
      data-testid={`fact-${fact.key}`}
      pb="xs"
      style={{ borderBottom: "1px solid var(--mantine-color-default-border)" }}
    >
      <Group justify="space-between" align="baseline" wrap="nowrap" gap="xs">
        <Text size="sm" fw={600}>
          {local(fact.label)}
        </Text>
        <Group gap={6} wrap="nowrap">
          {disputed && (
            <Badge size="xs" color="orange" variant="light" c="dark.8">
              {t("disputeStatus.open")}
            </Badge>
          )}
          {!graded && (
            <Text size="xs" c="dimmed">
              {t("notUsed")}
            </Text>
          )}
        </Group>
      </Group>
      <Text size="sm" data-testid={`fact-${fact.key}-value`} c={known ? undefined : "dimmed"}>
        {known ? show(fact, current.value) : tc("unknown")}
      </Text>
      {current && <Evidence o={current} meId={meId} people={people} />}
      {earlier.length > 0 && (
        <>
          <Anchor
            component="button"
            type="button"
            size="xs"
            onClick={() => setOpen((o) => !o)}
            aria-expanded={open}
            aria-controls={historyId}
            data-testid={`fact-${fact.key}-history-toggle`}
          >
            {open ? t("hideHistory") : t("showHistory", { count: earlier.length })}
          </Anchor>
          {open && (
            <List
              id={historyId}
              size="xs"
              spacing={4}
              mt={4}
              aria-label={t("factHistory", { fact: local(fact.label) })}
            >
              {earlier.map((o) => (
                <List.Item key={`${o.recordedAt}-${String(o.value)}-${o.recordedBy}`}>
                  <Text size="xs" span>
                    {o.value === null ? tc("unknown") : show(fact, o.value)}
                  </Text>
                  <Evidence o={o} meId={meId} people={people} />
                </List.Item>
              ))}
            </List>
          )}
        </>
      )}
    </Box>
  );
}

function Evidence({
  o,
  meId,
  people,
}: {
  o: Observation;
  meId: string;
  people: Readonly<Record<string, string>>;
}) {
  const { t } = useTranslation("lead");
  const fmt = useFormat();
  const who = useWho(meId, people);
  return (
    <Stack gap={0}>
      {o.quote && (
        <Text size="xs" fs="italic">
          {t("said", { quote: o.quote })}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {t("evidence", {
          channel: o.channel ? t(`channels.${o.channel}`, { defaultValue: o.channel }) : "—",
          who: who(o.recordedBy),
          when: fmt.dateTime(o.recordedAt),
        })}
      </Text>
    </Stack>
  );
}
