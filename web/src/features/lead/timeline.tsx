import { Box, Stack, Text, Timeline, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { type Catalogue, useLocalText } from "../../api/definition";
import { useFormat } from "../../i18n/format";
import { type HistoryEntry, type LeadDetail, useFactValue, useWho } from "./data";

/** Everything that happened to the lead, in words, newest first. */
export function LeadTimeline({
  lead,
  catalogue,
  meId,
}: {
  lead: LeadDetail;
  catalogue: Catalogue;
  meId: string;
}) {
  const { t } = useTranslation("lead");
  const fmt = useFormat();
  const who = useWho(meId, lead.people);
  const describe = useDescribe(catalogue);
  const entries = newestFirst(lead.history);
  return (
    <Stack gap="sm" component="section" aria-labelledby="timeline-heading">
      <Title order={2} size="h4" id="timeline-heading">
        {t("timeline")}
      </Title>
      {entries.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("timelineEmpty")}
        </Text>
      ) : (
        <Timeline bulletSize={10} lineWidth={1} data-testid="timeline">
          {entries.map((h, i) => {
            const { text, quote } = describe(h);
            return (
              <Timeline.Item
                // biome-ignore lint/suspicious/noArrayIndexKey: history entries have no id; the list is rebuilt whole
                key={i}
                data-testid={`timeline-${h.type}`}
              >
                <Text size="sm">{text}</Text>
                {quote && (
                  <Text size="xs" fs="italic">
                    {t("said", { quote })}
                  </Text>
                )}
                <Text size="xs" c="dimmed">
                  <Box component="time" dateTime={new Date(h.at).toISOString()}>
                    {fmt.dateTime(h.at)}
                  </Box>
                  {h.actor ? ` · ${t("by", { who: who(h.actor) })}` : ""}
                </Text>
              </Timeline.Item>
            );
          })}
        </Timeline>
      )}
    </Stack>
  );
}

/** Within one instant the capture comes first, then the facts it carried, the grade they gave, the rest. */
const RANK = { captured: 0, fact: 1, grade: 2 } as const;
function newestFirst(history: readonly HistoryEntry[]): HistoryEntry[] {
  const rank = (h: HistoryEntry) =>
    h.type === "captured"
      ? RANK.captured
      : h.kind === "fact"
        ? RANK.fact
        : h.kind === "grade"
          ? RANK.grade
          : 3;
  return history
    .map((h, i) => ({ h, i }))
    .sort((a, b) => b.h.at - a.h.at || rank(b.h) - rank(a.h) || b.i - a.i)
    .map((x) => x.h);
}

/** One history entry as a sentence, with the prospect's words where it has them. */
export function useDescribe(catalogue: Catalogue) {
  const { t } = useTranslation("lead");
  const local = useLocalText();
  const show = useFactValue();
  const fmt = useFormat();
  const factOf = (key: unknown) => catalogue.facts.find((f) => f.key === key);
  const factLabel = (key: unknown) => local(factOf(key)?.label) || String(key ?? "");
  const gradeLabel = (key: unknown) =>
    key === null || key === undefined
      ? t("ungraded", { ns: "common" })
      : local(catalogue.grades.find((g) => g.key === key)?.label) || String(key);
  const reason = (list: readonly { key: string; label: { en: string; ru?: string } }[], key: unknown) =>
    local(list.find((r) => r.key === key)?.label) || String(key ?? "");

  return (h: HistoryEntry): { text: string; quote?: string | null } => {
    const d = h.data as Record<string, unknown>;
    switch (h.type) {
      case "fact_recorded":
        return {
          text: t("events.fact_recorded", { fact: factLabel(d.fact), value: show(factOf(d.fact), d.value) }),
          quote: (d.quote as string | null) ?? null,
        };
      case "fact_unknown":
        return { text: t("events.fact_unknown", { fact: factLabel(d.fact) }) };
      case "graded": {
        const cause = t(`causes.${String(d.cause)}`, { defaultValue: String(d.cause ?? "") });
        return d.from === null || d.from === undefined
          ? { text: t("events.gradedFirst", { to: gradeLabel(d.to), version: d.version, cause }) }
          : {
              text: t("events.graded", {
                from: gradeLabel(d.from),
                to: gradeLabel(d.to),
                version: d.version,
                cause,
              }),
            };
      }
      case "captured": {
        const src = [d.source, d.campaign].filter((x) => typeof x === "string" && x).join(" / ");
        return { text: src ? t("events.capturedFrom", { source: src }) : t("events.captured") };
      }
      case "hand_off":
        return { text: t("events.hand_off", { grade: gradeLabel(d.grade) }) };
      case "reject": {
        const r = (d.rejection ?? {}) as Record<string, unknown>;
        const ev = (r.evidence ?? {}) as { quote?: string };
        const text =
          typeof r.fact === "string"
            ? t("events.rejectFact", {
                fact: factLabel(r.fact),
                value: show(factOf(r.fact), r.observedValue),
              })
            : t("events.rejectReason", { reason: reason(catalogue.rejectionReasons, r.reason) });
        return { text: r.note ? `${text} — ${String(r.note)}` : text, quote: ev.quote ?? null };
      }
      case "win":
        return {
          text: t("events.win", {
            amount:
              typeof d.amount === "number" && typeof d.currency === "string"
                ? fmt.money(d.amount, d.currency)
                : String(d.amount ?? ""),
          }),
        };
      case "lose":
        return { text: t("events.lose", { reason: reason(catalogue.lostReasons, d.reason) }) };
      case "dispute_opened":
        return {
          text: t("events.dispute_opened", {
            fact: factLabel(d.fact),
            value: show(factOf(d.fact), d.claimedValue),
          }),
        };
      case "dispute_resolved":
        return {
          text:
            d.status === "accepted"
              ? t("events.disputeAccepted", { fact: factLabel(d.fact) })
              : t("events.disputeDismissed", { fact: factLabel(d.fact), reason: String(d.resolution ?? "") }),
        };
      case "version_stamped":
        return { text: t("events.version_stamped", { version: d.version, grade: gradeLabel(d.grade) }) };
      case "captured_again":
      case "nurture":
      case "accept":
      case "open_opportunity":
      case "recycle":
      case "erased":
        return { text: t(`events.${h.type}`) };
      default:
        return { text: t("events.other", { type: h.type }) };
    }
  };
}
