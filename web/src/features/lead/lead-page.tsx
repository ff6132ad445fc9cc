import {
  Alert,
  Anchor,
  Badge,
  Grid,
  Group,
  List,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { type Catalogue, useCatalogue, useLocalText } from "../../api/definition";
import { type Me, useMe } from "../../api/session";
import { useFormat } from "../../i18n/format";
import { GradeBadge } from "../../ui/grade-badge";
import { ErrorState, Loading } from "../../ui/states";
import { LeadActions } from "./actions";
import { type LeadDetail, useFactValue, useLead, useWho } from "./data";
import { FactsPanel } from "./facts-panel";
import { LeadTimeline, useDescribe } from "./timeline";

/**
 * One lead, to end an argument about it: who it is, its grade with the definition's reasons right
 * beside it, what would change the grade and what to ask next, every fact with its evidence, the
 * whole timeline, and exactly the actions this person may take now.
 */
export function LeadPage() {
  const { id = "" } = useParams();
  const lead = useLead(id);
  const catalogue = useCatalogue();
  const me = useMe().data;
  if (lead.isPending || catalogue.isPending || !me) return <Loading />;
  if (lead.isError) return <ErrorState error={lead.error} onRetry={() => void lead.refetch()} />;
  if (catalogue.isError)
    return <ErrorState error={catalogue.error} onRetry={() => void catalogue.refetch()} />;
  return <LeadView lead={lead.data} catalogue={catalogue.data} me={me} />;
}

function LeadView({ lead, catalogue, me }: { lead: LeadDetail; catalogue: Catalogue; me: Me }) {
  const { t } = useTranslation("lead");
  const l = lead.lead;
  const title =
    [l.company, l.name].filter(Boolean).join(" — ") || l.email || l.phone || t("untitled", { id: l.id });
  return (
    <Stack gap="md" maw={1280} mx="auto" data-testid="lead-page" data-lead-id={l.id} data-stage={l.stage}>
      <Stack gap={4}>
        <Anchor component={Link} to="/" size="xs">
          ← {t("backToInbox", { ns: "common" })}
        </Anchor>
        <Title order={1} size="h2" data-testid="lead-title">
          {title}
        </Title>
      </Stack>
      <GradeBlock lead={lead} catalogue={catalogue} />
      <Rejection lead={lead} catalogue={catalogue} meId={me.id} />
      <LeadActions lead={lead} me={me} catalogue={catalogue} />
      <Identity lead={lead} meId={me.id} />
      {lead.disputes.length > 0 && <Disputes lead={lead} catalogue={catalogue} meId={me.id} />}
      <Grid gap="xl">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <FactsPanel lead={lead} catalogue={catalogue} meId={me.id} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <LeadTimeline lead={lead} catalogue={catalogue} meId={me.id} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** The grade, why (the definition's own sentences), when it changes by itself, what would change it, what to ask. */
function GradeBlock({ lead, catalogue }: { lead: LeadDetail; catalogue: Catalogue }) {
  const { t, i18n } = useTranslation("lead");
  const local = useLocalText();
  const fmt = useFormat();
  const ru = i18n.language === "ru";
  const e = lead.explanation;
  const final = e.checked.find((c) => c.grade === e.grade);
  const reasons = final?.reasons.map((r) => (ru ? (r.text.ru ?? r.text.en) : r.text.en)) ?? [];
  const first = (ru ? e.text.ru : e.text.en)[0] ?? "";
  const why = reasons.length > 0 ? reasons.join("; ") : first.replace(/^[^—]*—\s*/, "");
  const label = (key: string | null) =>
    key === null
      ? t("ungraded", { ns: "common" })
      : local(catalogue.grades.find((g) => g.key === key)?.label) || key;
  const day = (iso: string) => fmt.date(Date.parse(`${iso}T12:00:00Z`));
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      component="section"
      aria-labelledby="grade-heading"
      data-testid="grade-block"
    >
      <Stack gap="xs">
        <Group gap="xs" align="center" wrap="wrap">
          <Title order={2} size="h4" id="grade-heading" style={visuallyHidden}>
            {label(e.grade)}
          </Title>
          <GradeBadge grade={e.grade} version={lead.lead.gradedVersion} why={why} />
          {lead.lead.gradedVersion !== null && (
            <Text size="sm" c="dimmed">
              {t("version", { ns: "common", version: lead.lead.gradedVersion })}
            </Text>
          )}
          <Text size="sm" data-testid="grade-why">
            {t("because")}: {why}
          </Text>
        </Group>
        {e.nextChange && (
          <Text size="sm" c="dimmed" data-testid="grade-next-change">
            {e.nextChange.grade === null
              ? t("nextChangeNone", { date: day(e.nextChange.on) })
              : t("nextChange", { grade: label(e.nextChange.grade), date: day(e.nextChange.on) })}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {t("definition", { definition: e.definition, date: day(e.on) })}
        </Text>
        {lead.whatIf.length > 0 && (
          <Stack gap={2}>
            <Text size="sm" fw={600} id="what-if-heading">
              {t("whatIf")}
            </Text>
            <List size="sm" spacing={2} aria-labelledby="what-if-heading" data-testid="what-if">
              {lead.whatIf.map((w) => (
                <List.Item key={w.grade} data-testid={`what-if-${w.grade}`}>
                  {ru ? w.text.ru : w.text.en}
                </List.Item>
              ))}
            </List>
          </Stack>
        )}
        <Stack gap={2}>
          <Text size="sm" fw={600} id="ask-next-heading">
            {t("askNext")}
          </Text>
          {lead.askNext.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t("askNextNothing")}
            </Text>
          ) : (
            <List size="sm" spacing={4} aria-labelledby="ask-next-heading" data-testid="ask-next">
              {lead.askNext.map((a) => (
                <List.Item key={a.fact} data-testid={`ask-next-${a.fact}`}>
                  <Text size="sm" span fw={500}>
                    {local(a.label)}
                  </Text>{" "}
                  <Text size="sm" span c="dimmed">
                    ({t("unknown", { ns: "common" }).replace(/^—\s*/, "")})
                  </Text>
                  {a.guide && (
                    <Text size="xs" c="dimmed">
                      {local(a.guide)}
                    </Text>
                  )}
                </List.Item>
              ))}
            </List>
          )}
        </Stack>
      </Stack>
    </Paper>
  );
}

/** A rejected lead says why, with sales's evidence, where marketing looks first. */
function Rejection({ lead, catalogue, meId }: { lead: LeadDetail; catalogue: Catalogue; meId: string }) {
  const { t } = useTranslation("lead");
  const describe = useDescribe(catalogue);
  const who = useWho(meId, lead.people);
  const fmt = useFormat();
  const r = lead.lead.lifecycle.response;
  if (lead.lead.stage !== "rejected" || r?.decision !== "rejected") return null;
  const { text, quote } = describe({
    at: r.at,
    kind: "event",
    type: "reject",
    actor: r.by,
    data: { rejection: r.rejection },
  });
  return (
    <Alert color="red" variant="light" title={text} data-testid="rejection">
      {quote && (
        <Text size="sm" fs="italic">
          {t("said", { quote })}
        </Text>
      )}
      <Text size="xs">{`${who(r.by)} · ${fmt.dateTime(r.at)}`}</Text>
    </Alert>
  );
}

const visuallyHidden = {
  position: "absolute",
  width: 1,
  height: 1,
  overflow: "hidden",
  clip: "rect(0 0 0 0)",
  whiteSpace: "nowrap",
} as const;

function Identity({ lead, meId }: { lead: LeadDetail; meId: string }) {
  const { t } = useTranslation("lead");
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const who = useWho(meId, lead.people);
  const l = lead.lead;
  const utm = [l.utm.source, l.utm.medium, l.utm.campaign, l.utm.term, l.utm.content]
    .filter(Boolean)
    .join(" / ");
  const rows: [string, string, string][] = [
    ["email", t("email"), l.email ?? "—"],
    ["phone", t("phone"), l.phone ?? "—"],
    ["source", t("source"), [l.source, l.campaign].filter(Boolean).join(" / ") || "—"],
    ["utm", t("utm"), utm || "—"],
    ["stage", t("stage"), tc(`stages.${l.stage}`)],
    ["owner", t("owner"), l.ownerId ? who(l.ownerId) : t("nobody")],
    ["created", t("created"), fmt.dateTime(l.createdAt)],
  ];
  if (l.sla.state !== "none" && l.sla.dueAt !== null) {
    const text =
      l.sla.state === "running"
        ? t("slaRunning", { when: fmt.relative(l.sla.dueAt - Date.now()) })
        : l.sla.state === "breached"
          ? t("slaBreached", { by: fmt.relative(-(l.sla.overdueBy ?? 0)) })
          : t("slaMet");
    rows.push(["sla", t("sla"), text]);
  }
  return (
    <section aria-labelledby="identity-heading">
      <Title order={2} size="h4" id="identity-heading" style={visuallyHidden}>
        {t("identity")}
      </Title>
      {l.erased && (
        <Badge color="gray" mb="xs">
          {t("erased")}
        </Badge>
      )}
      <SimpleGrid
        cols={{ base: 2, sm: 4, lg: rows.length }}
        spacing="sm"
        verticalSpacing={6}
        component="dl"
        m={0}
      >
        {rows.map(([key, label, value]) => (
          <div key={key} data-testid={`lead-${key}`}>
            <Text component="dt" size="xs" c="dimmed">
              {label}
            </Text>
            <Text component="dd" size="sm" m={0} style={{ overflowWrap: "anywhere" }}>
              {value}
            </Text>
          </div>
        ))}
      </SimpleGrid>
    </section>
  );
}

function Disputes({ lead, catalogue, meId }: { lead: LeadDetail; catalogue: Catalogue; meId: string }) {
  const { t } = useTranslation("lead");
  const local = useLocalText();
  const show = useFactValue();
  const who = useWho(meId, lead.people);
  const fmt = useFormat();
  return (
    <section aria-labelledby="disputes-heading" data-testid="disputes">
      <Title order={2} size="h4" id="disputes-heading" mb={4}>
        {t("disputes")}
      </Title>
      <List size="sm" spacing={4}>
        {lead.disputes.map((d) => {
          const def = catalogue.facts.find((f) => f.key === d.fact);
          return (
            <List.Item key={d.id} data-testid={`dispute-row-${d.id}`} data-status={d.status}>
              <Group gap="xs" wrap="wrap">
                <Badge
                  size="xs"
                  variant="light"
                  c="dark.8"
                  color={d.status === "open" ? "orange" : d.status === "accepted" ? "teal" : "gray"}
                >
                  {t(`disputeStatus.${d.status}`)}
                </Badge>
                <Text size="sm" span>
                  {t("disputeLine", { fact: local(def?.label) || d.fact, value: show(def, d.claimedValue) })}
                </Text>
                <Text size="xs" c="dimmed" span>
                  {who(d.openedBy)} · {fmt.dateTime(d.openedAt)}
                  {d.resolution ? ` · ${d.resolution}` : ""}
                </Text>
              </Group>
            </List.Item>
          );
        })}
      </List>
    </section>
  );
}
