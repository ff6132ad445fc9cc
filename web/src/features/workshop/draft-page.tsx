import { Alert, Anchor, Button, Grid, Group, Modal, Stack, Text, Textarea, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api, ok } from "../../api/client";
import { useCatalogue, useLocalText } from "../../api/definition";
import { useMe } from "../../api/session";
import { ErrorState, Loading } from "../../ui/states";
import {
  lintText,
  MAY,
  type Simulation,
  simulateText,
  useActiveDefinition,
  useVersion,
  useVersions,
} from "./api";
import { FindingsList } from "./findings-list";
import { GradesTable } from "./grades-table";
import { RuleBuilder } from "./rule-builder";
import { SimulationMatrix } from "./simulation-matrix";
import { VersionSummary } from "./version-summary";
import { WorkflowActions } from "./workflow-actions";
import type { EditorMark, YamlEditorHandle } from "./yaml-editor";

// CodeMirror loads with this screen only, never with the app's first bundle.
const YamlEditor = lazy(() => import("./yaml-editor").then((m) => ({ default: m.YamlEditor })));

/**
 * The draft editor (/definition/draft, or ?version=N for a stored version): the grades in words and
 * the rule builder on the left, the YAML with live findings on the right, simulation below, and
 * the workflow steps of the stored version when the text is exactly that version's.
 */
export function DraftPage() {
  const { t } = useTranslation("workshop");
  const [params] = useSearchParams();
  const asked = Number(params.get("version"));
  const versionParam = Number.isInteger(asked) && asked > 0 ? asked : null;
  const stored = useVersion(versionParam);
  const active = useActiveDefinition();
  const base = versionParam === null ? active : stored;
  const [text, setText] = useState<string | null>(null);
  const [loadedFor, setLoadedFor] = useState<number | null>(null);

  if (base.data && loadedFor !== base.data.version) {
    setLoadedFor(base.data.version);
    setText(keptDraft(base.data.version) ?? base.data.source);
  }
  if (base.isPending) return <Loading />;
  if (base.isError) return <ErrorState error={base.error} onRetry={() => void base.refetch()} />;
  if (text === null) return <Loading />;
  return (
    <Editor
      key={base.data.version}
      text={text}
      setText={setText}
      base={base.data}
      isStored={versionParam !== null}
      title={t("editor.title")}
    />
  );
}

/** Unsaved edits of a version stay on this browser until saved or discarded (one text per version). */
const keptKey = (version: number) => `truce.workshop.draft.v${version}`;

function keptDraft(version: number): string | null {
  try {
    return localStorage.getItem(keptKey(version));
  } catch {
    return null;
  }
}

function keepDraft(version: number, text: string | null): void {
  try {
    if (text === null) localStorage.removeItem(keptKey(version));
    else localStorage.setItem(keptKey(version), text);
  } catch {
    // Storage full or refused: the draft simply is not kept.
  }
}

type Base = NonNullable<ReturnType<typeof useActiveDefinition>["data"]>;

function Editor({
  text,
  setText,
  base,
  isStored,
  title,
}: {
  text: string;
  setText: (s: string) => void;
  base: Base;
  isStored: boolean;
  title: string;
}) {
  const { t } = useTranslation("workshop");
  const local = useLocalText();
  const me = useMe().data;
  const navigate = useNavigate();
  const qc = useQueryClient();
  const catalogue = useCatalogue().data;
  const versions = useVersions().data;
  const editor = useRef<YamlEditorHandle>(null);
  const [pasting, setPasting] = useState(false);
  const [discarding, setDiscarding] = useState(false);
  const [pasted, setPasted] = useState("");
  const [debounced] = useDebouncedValue(text, 400);

  const lint = useQuery({
    queryKey: ["definition-lint", debounced],
    queryFn: () => lintText(debounced),
    placeholderData: keepPreviousData,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const [simulated, setSimulated] = useState<{ source: string; result: Simulation } | null>(null);
  const simulate = useMutation({
    mutationFn: (source: string) => simulateText(source).then((result) => ({ source, result })),
    onSuccess: setSimulated,
  });
  const save = useMutation({
    mutationFn: (source: string) => ok(api.POST("/api/v1/definitions", { body: { source } })),
    onSuccess: async (r) => {
      keepDraft(base.version, null);
      await qc.invalidateQueries({ queryKey: ["definitions"] });
      void navigate(`/definition/draft?version=${r.version}`);
    },
  });

  useEffect(() => {
    keepDraft(base.version, text === base.source ? null : text);
  }, [text, base.version, base.source]);

  const findings = lint.data?.findings;
  const marks = useMemo<EditorMark[]>(
    () =>
      (findings ?? [])
        .filter((f) => f.line !== undefined)
        .map((f) => ({
          line: f.line as number,
          column: f.column,
          term: f.term,
          severity: f.severity,
          message: local(f.message),
        })),
    [findings, local],
  );
  const draftGrades = lint.data?.grades;
  const gradeLabels = useMemo(
    () => new Map((draftGrades ?? []).map((g) => [g.grade, local(g.label)] as const)),
    [draftGrades, local],
  );
  const checking = lint.isFetching || text !== debounced;
  const modified = text !== base.source;
  const role = me?.role ?? "";
  const mayDraft = MAY.draft.includes(role as never);
  const openDrafts = (versions ?? []).filter(
    (v) =>
      (v.status === "draft" || v.status === "proposed" || v.status === "approved") &&
      v.version !== base.version,
  );

  return (
    <Stack gap="md" data-testid="draft-editor">
      <Stack gap={6}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={2}>{title}</Title>
          <Group gap="xs" wrap="wrap">
            <Button variant="default" size="sm" onClick={() => setPasting(true)} data-testid="paste-yaml">
              {t("editor.paste")}
            </Button>
            {mayDraft && (
              <Button
                size="sm"
                onClick={() => save.mutate(text)}
                loading={save.isPending}
                disabled={!modified && isStored}
                data-testid="save-draft"
              >
                {t("editor.save")}
              </Button>
            )}
          </Group>
        </Group>
        <Text size="sm" c="dimmed">
          {isStored
            ? t("editor.startedFrom", { version: base.version, status: t(`status.${base.status}`) })
            : t("editor.startedFromActive", { version: base.version })}
          {isStored && (
            <>
              {" · "}
              <Anchor component={Link} to="/definition/draft" size="sm" underline="always">
                {t("editor.reset")}
              </Anchor>
            </>
          )}
        </Text>
        {openDrafts.length > 0 && !isStored && (
          <Group gap="xs">
            {openDrafts.slice(-5).map((v) => (
              <Anchor
                key={v.version}
                component={Link}
                to={`/definition/draft?version=${v.version}`}
                size="sm"
              >
                {t("versions.open", { version: v.version })} ({t(`status.${v.status}`)})
              </Anchor>
            ))}
          </Group>
        )}
        {isStored && <VersionSummary version={base} />}
        {isStored && !modified && me && <WorkflowActions version={base} me={me} />}
        {modified && (
          <Group gap="xs" wrap="wrap">
            <Text size="sm" c="#9c3d00" data-testid="unsaved">
              {isStored ? t("editor.unsaved", { version: base.version }) : t("editor.unsavedNew")}
            </Text>
            {discarding ? (
              <Group gap={4} wrap="wrap">
                <Text size="sm">{t("editor.discardAsk")}</Text>
                <Button
                  size="compact-sm"
                  color="red.9"
                  onClick={() => {
                    setText(base.source);
                    setDiscarding(false);
                  }}
                  data-testid="discard-confirm"
                >
                  {t("editor.discardYes")}
                </Button>
                <Button size="compact-sm" variant="default" onClick={() => setDiscarding(false)}>
                  {t("editor.discardNo")}
                </Button>
              </Group>
            ) : (
              <Button
                variant="subtle"
                size="compact-sm"
                onClick={() => setDiscarding(true)}
                data-testid="discard"
              >
                {t("editor.discard")}
              </Button>
            )}
          </Group>
        )}
        {save.error && <ErrorState error={save.error} />}
      </Stack>

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 5 }} order={{ base: 2, md: 1 }}>
          <Stack gap="lg">
            <section aria-labelledby="draft-grades-title">
              <Title order={3} id="draft-grades-title" mb={4}>
                {t("grades.title")}
              </Title>
              {draftGrades ? (
                <GradesTable grades={draftGrades} testId="draft-grades" />
              ) : (
                <Text size="sm" c="dimmed">
                  {t("grades.none")}
                </Text>
              )}
            </section>
            <section aria-labelledby="builder-title">
              <Title order={3} id="builder-title" mb="xs">
                {t("builder.title")}
              </Title>
              <RuleBuilder text={text} onText={setText} />
            </section>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }} order={{ base: 1, md: 2 }}>
          <Stack gap="sm">
            <div className="workshop-editor" data-testid="yaml-editor">
              <Suspense fallback={<Loading />}>
                <YamlEditor
                  value={text}
                  onChange={setText}
                  marks={marks}
                  label={t("editor.yamlLabel")}
                  handle={editor}
                />
              </Suspense>
            </div>
            {lint.isError && <ErrorState error={lint.error} onRetry={() => void lint.refetch()} />}
            <FindingsList
              findings={findings}
              checking={checking}
              grades={gradeLabels}
              onGoTo={(line, column) => editor.current?.goTo(line, column)}
            />
          </Stack>
        </Grid.Col>
      </Grid>

      <section aria-labelledby="simulation-title">
        <Group justify="space-between" wrap="wrap" mb={4}>
          <Title order={3} id="simulation-title">
            {t("simulation.title")}
          </Title>
          <Button
            size="sm"
            variant="light"
            onClick={() => simulate.mutate(text)}
            loading={simulate.isPending}
            disabled={!draftGrades}
            data-testid="simulate"
          >
            {t("simulation.run")}
          </Button>
        </Group>
        <Text size="sm" c="dimmed" mb="xs">
          {t("simulation.intro")}
        </Text>
        {!draftGrades && (
          <Text size="sm" c="dimmed">
            {t("simulation.needsParse")}
          </Text>
        )}
        {simulate.isPending && (
          <Text size="sm" role="status">
            {t("simulation.running")}
          </Text>
        )}
        {simulate.error && <ErrorState error={simulate.error} />}
        {simulated && simulated.source !== text && (
          <Alert color="yellow" p="xs" mb="xs" data-testid="simulation-stale">
            {t("simulation.stale")}
          </Alert>
        )}
        {simulated && (
          <SimulationMatrix
            result={simulated.result}
            source={simulated.source}
            todayGrades={(catalogue?.grades ?? []).map((g) => [g.key, local(g.label)] as const)}
            draftGrades={(draftGrades ?? []).map((g) => [g.grade, local(g.label)] as const)}
          />
        )}
      </section>

      <Modal opened={pasting} onClose={() => setPasting(false)} title={t("editor.pasteTitle")} size="lg">
        <Stack gap="sm">
          <Textarea
            label={t("editor.pasteLabel")}
            autosize
            minRows={8}
            maxRows={20}
            value={pasted}
            onChange={(e) => setPasted(e.currentTarget.value)}
            data-testid="paste-yaml-text"
            styles={{ input: { fontFamily: "ui-monospace, monospace", fontSize: 12 } }}
          />
          <Group justify="flex-end">
            <Button
              onClick={() => {
                setText(pasted);
                setPasting(false);
                setPasted("");
              }}
              disabled={pasted.trim() === ""}
              data-testid="paste-yaml-apply"
            >
              {t("editor.pasteApply")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
