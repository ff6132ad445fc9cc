import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  CopyButton,
  Grid,
  Group,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Controller, type UseFormSetError, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Link, Route, Routes, useNavigate, useParams } from "react-router";
import { ApiError, api, ok } from "../../api/client";
import { type Catalogue, useCatalogue, useLocalText } from "../../api/definition";
import type { paths } from "../../api/schema.gen";
import { useFormat } from "../../i18n/format";
import { applyApiError } from "../../ui/form-errors";
import { EmptyState, ErrorState, Loading } from "../../ui/states";

type FormBody = NonNullable<paths["/api/v1/forms"]["post"]["requestBody"]>["content"]["application/json"];
type FormField = FormBody["fields"][number];
type FormView = Awaited<ReturnType<typeof fetchForms>>["forms"][number];
type Fact = Catalogue["facts"][number];
type Presence = "required" | "optional" | "hidden";

const FORMS = ["forms"] as const;
const fetchForms = () => ok(api.GET("/api/v1/forms"));
const CONTACTS = ["name", "email", "phone", "company"] as const;
/** Field names the form page keeps for itself (as the API's RESERVED_FIELD_NAMES). */
const RESERVED = new Set([
  ...CONTACTS,
  "website",
  "lang",
  "token",
  "utm_source",
  "utm_medium",
  "utm_campaign",
  "utm_term",
  "utm_content",
]);

/** Capture forms: the list, and one form's editor with a live preview and the embed snippet. */
export function FormsTab() {
  return (
    <Routes>
      <Route index element={<FormsList />} />
      <Route path="new" element={<FormEditor />} />
      <Route path=":id" element={<FormEditor />} />
    </Routes>
  );
}

function FormsList() {
  const { t } = useTranslation("settings");
  const local = useLocalText();
  const forms = useQuery({ queryKey: FORMS, queryFn: fetchForms });
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2} size="h3">
          {t("forms.title")}
        </Title>
        <Button component={Link} to="/settings/forms/new" data-testid="form-create">
          {t("forms.create")}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {t("forms.intro")}
      </Text>
      {forms.isPending ? (
        <Loading />
      ) : forms.isError ? (
        <ErrorState error={forms.error} onRetry={() => void forms.refetch()} />
      ) : forms.data.forms.length === 0 ? (
        <EmptyState title={t("forms.empty")} />
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table striped highlightOnHover data-testid="forms-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("forms.name")}</Table.Th>
                <Table.Th>{t("forms.formTitle")}</Table.Th>
                <Table.Th>{t("forms.languages")}</Table.Th>
                <Table.Th>{t("forms.questions")}</Table.Th>
                <Table.Th>{t("forms.state")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {forms.data.forms.map((form) => (
                <Table.Tr key={form.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/settings/forms/${form.id}`} size="sm" fw={500}>
                      {form.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{local(form.title)}</Table.Td>
                  <Table.Td>{form.locales.join(", ")}</Table.Td>
                  <Table.Td>{form.fields.length}</Table.Td>
                  <Table.Td>
                    {form.problems.length > 0 ? (
                      <Badge color="orange" c="orange.9" variant="light">
                        {t("forms.problemCount", { count: form.problems.length })}
                      </Badge>
                    ) : (
                      <Badge color="teal" c="teal.9" variant="light">
                        {t("forms.ok")}
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

interface Values {
  name: string;
  keyId: string;
  titleEn: string;
  titleRu: string;
  introEn: string;
  introRu: string;
  locales: ("en" | "ru")[];
  source: string;
  campaign: string;
  contact: Record<(typeof CONTACTS)[number], Presence>;
  /** The facts asked, in catalogue order. */
  facts: string[];
}

const text = (en: string, ru: string) =>
  en.trim() ? { en: en.trim(), ...(ru.trim() ? { ru: ru.trim() } : {}) } : undefined;

/** An option key from a value: lower-case latin, digits, - and _. */
function optionKey(value: string, taken: Set<string>): string {
  let k = value
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "_")
    .replace(/^[^a-z0-9]+/, "");
  if (!k) k = "option";
  k = k.slice(0, 60);
  let key = k;
  for (let n = 2; taken.has(key); n++) key = `${k}_${n}`;
  taken.add(key);
  return key;
}

/** The question a fact is asked with, by default: its label, each option mapped to a value, "not sure" to unknown. */
export function defaultField(
  fact: Fact,
  notSure: { en: string; ru: string },
  yesNo: { en: string; ru: string }[],
): FormField | null {
  const name = RESERVED.has(fact.key) ? `q_${fact.key}` : fact.key;
  const question = { en: fact.label.en, ...(fact.label.ru ? { ru: fact.label.ru } : {}) };
  const unknown = { key: "not_sure", label: notSure, value: null };
  if (fact.type === "text") return { kind: "text", name, fact: fact.key, question, required: false };
  if (fact.type === "boolean")
    return {
      kind: "choice",
      name,
      fact: fact.key,
      question,
      required: false,
      options: [
        { key: "yes", label: yesNo[0] ?? { en: "Yes" }, value: true },
        { key: "no", label: yesNo[1] ?? { en: "No" }, value: false },
        unknown,
      ],
    };
  if (fact.type === "enum" && fact.options && fact.options.length > 0) {
    const taken = new Set(["not_sure"]);
    return {
      kind: "choice",
      name,
      fact: fact.key,
      question,
      required: false,
      options: [
        ...fact.options.map((o) => ({
          key: optionKey(o.value, taken),
          label: { en: o.label.en, ...(o.label.ru ? { ru: o.label.ru } : {}) },
          value: o.value,
        })),
        unknown,
      ],
    };
  }
  // Numbers and dates need ranges or periods chosen by a person: through the API.
  return null;
}

/** Where the API's field paths show in this editor; the rest (questions, options) go to the top. */
const FIELD_OF: Readonly<Record<string, keyof Values>> = {
  "body.name": "name",
  "body.keyId": "keyId",
  "body.locales": "locales",
  "body.title": "titleEn",
  "body.title.en": "titleEn",
  "body.title.ru": "titleRu",
  "body.intro": "introEn",
  "body.intro.en": "introEn",
  "body.intro.ru": "introRu",
  "body.source": "source",
  "body.campaign": "campaign",
};

function placeFormErrors(e: unknown, setError: UseFormSetError<Values>): void {
  const rest: string[] = [];
  if (e instanceof ApiError && e.problems.length > 0) {
    for (const p of e.problems) {
      const field = FIELD_OF[p.path];
      if (field) setError(field, { type: "server", message: p.message });
      else rest.push(`${p.path.replace(/^body\./, "")}: ${p.message}`);
    }
    if (rest.length > 0) setError("root.server", { type: e.code, message: rest.join("; ") });
    return;
  }
  applyApiError(e, setError, []);
}

function FormEditor() {
  const { t, i18n } = useTranslation("settings");
  const { id } = useParams();
  const isNew = id === undefined;
  const forms = useQuery({ queryKey: FORMS, queryFn: fetchForms });
  const catalogue = useCatalogue();
  const keys = useQuery({ queryKey: ["keys"], queryFn: () => ok(api.GET("/api/v1/keys")) });
  if (forms.isPending || catalogue.isPending || keys.isPending) return <Loading />;
  if (forms.isError) return <ErrorState error={forms.error} />;
  if (catalogue.isError) return <ErrorState error={catalogue.error} />;
  if (keys.isError) return <ErrorState error={keys.error} />;
  const form = isNew ? undefined : forms.data.forms.find((f) => f.id === id);
  if (!isNew && !form) return <ErrorState error={new Error(t("forms.notFound"))} />;
  const captureKeys = keys.data.filter(
    (k) => k.revokedAt === null && (k.scopes.includes("capture") || k.scopes.includes("admin")),
  );
  return (
    <EditorBody
      key={`${id ?? "new"}-${i18n.language}`}
      form={form}
      catalogue={catalogue.data}
      captureKeys={captureKeys.map((k) => ({ value: k.id, label: `${k.name} (${k.prefix}…)` }))}
    />
  );
}

function EditorBody({
  form,
  catalogue,
  captureKeys,
}: {
  form: FormView | undefined;
  catalogue: Catalogue;
  captureKeys: { value: string; label: string }[];
}) {
  const { t } = useTranslation("settings");
  const local = useLocalText();
  const f = useFormat();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [deleting, setDeleting] = useState(false);
  const [saved, setSaved] = useState(0);
  const askable = catalogue.facts;
  const values: Values = {
    name: form?.name ?? "",
    keyId: form?.keyId ?? captureKeys[0]?.value ?? "",
    titleEn: form?.title.en ?? "",
    titleRu: form?.title.ru ?? "",
    introEn: form?.intro?.en ?? "",
    introRu: form?.intro?.ru ?? "",
    locales: (form?.locales ?? ["en", "ru"]) as ("en" | "ru")[],
    source: form?.source ?? "",
    campaign: form?.campaign ?? "",
    contact: (form?.contact ?? {
      name: "optional",
      email: "required",
      phone: "optional",
      company: "optional",
    }) as Values["contact"],
    facts: form ? [...new Set(form.fields.map((x) => x.fact))] : [],
  };
  const rhf = useForm<Values>({ defaultValues: values });
  const { errors, isSubmitting } = rhf.formState;
  const notSure = { en: t("forms.notSure", { lng: "en" }), ru: t("forms.notSure", { lng: "ru" }) };
  const yesNo = [
    { en: t("forms.yes", { lng: "en" }), ru: t("forms.yes", { lng: "ru" }) },
    { en: t("forms.no", { lng: "en" }), ru: t("forms.no", { lng: "ru" }) },
  ];

  const onSubmit = rhf.handleSubmit(async (v) => {
    // Fields already on the form are kept as they are (options tuned by hand stay); new facts get the default question.
    const existing = new Map((form?.fields ?? []).map((x) => [x.fact, x]));
    const fields: FormField[] = [];
    for (const fact of askable) {
      if (!v.facts.includes(fact.key)) continue;
      const kept = existing.get(fact.key);
      const field = (kept as FormField | undefined) ?? defaultField(fact, notSure, yesNo);
      if (field) fields.push(field);
    }
    const title = text(v.titleEn, v.titleRu);
    const intro = text(v.introEn, v.introRu);
    const body: FormBody = {
      name: v.name,
      keyId: v.keyId,
      locales: v.locales,
      title: title ?? { en: "" },
      ...(intro ? { intro } : {}),
      ...(form?.submit ? { submit: form.submit } : {}),
      ...(form?.thanks ? { thanks: form.thanks } : {}),
      contact: v.contact,
      fields,
      ...(v.source.trim() ? { source: v.source.trim() } : {}),
      ...(v.campaign.trim() ? { campaign: v.campaign.trim() } : {}),
    };
    try {
      const result = form
        ? await ok(api.PUT("/api/v1/forms/{id}", { params: { path: { id: form.id } }, body }))
        : await ok(api.POST("/api/v1/forms", { body }));
      await qc.invalidateQueries({ queryKey: FORMS });
      setSaved((n) => n + 1);
      if (!form) void navigate(`/settings/forms/${result.id}`, { replace: true });
    } catch (e) {
      placeFormErrors(e, rhf.setError);
    }
  });

  const remove = useMutation({
    mutationFn: (id: string) => ok(api.DELETE("/api/v1/forms/{id}", { params: { path: { id } } })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: FORMS });
      void navigate("/settings/forms");
    },
  });
  const factHint = (fact: Fact) =>
    fact.type === "number" || fact.type === "date" ? t("forms.factByApi") : t(`forms.factType.${fact.type}`);
  const presence = (["required", "optional", "hidden"] as const).map((p) => ({
    value: p,
    label: t(`forms.presence.${p}`),
  }));

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2} size="h3">
          {form ? t("forms.editTitle", { name: form.name }) : t("forms.newTitle")}
        </Title>
        <Anchor component={Link} to="/settings/forms" size="sm">
          {t("forms.back")}
        </Anchor>
      </Group>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <form onSubmit={onSubmit} noValidate aria-label={t("forms.editorLabel")}>
            <Stack gap="sm">
              {errors.root?.server && (
                <Alert color="red" role="alert" data-testid="form-error">
                  {errors.root.server.message}
                </Alert>
              )}
              {form && form.problems.length > 0 && (
                <Alert color="orange" title={t("forms.problemsTitle")}>
                  <Stack gap={2}>
                    {form.problems.map((p) => (
                      <Text key={`${p.path}${p.message}`} size="sm">
                        <Text span ff="monospace" size="xs">
                          {p.path}
                        </Text>
                        : {p.message}
                      </Text>
                    ))}
                  </Stack>
                </Alert>
              )}
              <TextInput
                label={t("forms.name")}
                description={t("forms.nameHint")}
                required
                {...rhf.register("name", { required: true })}
                error={errors.name && (errors.name.message || t("forms.required"))}
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <TextInput
                  label={t("forms.titleEn")}
                  required
                  {...rhf.register("titleEn", { required: true })}
                  error={errors.titleEn && (errors.titleEn.message || t("forms.required"))}
                />
                <TextInput
                  label={t("forms.titleRu")}
                  {...rhf.register("titleRu")}
                  error={errors.titleRu?.message}
                />
                <Textarea
                  label={t("forms.introEn")}
                  autosize
                  minRows={2}
                  {...rhf.register("introEn")}
                  error={errors.introEn?.message}
                />
                <Textarea
                  label={t("forms.introRu")}
                  autosize
                  minRows={2}
                  {...rhf.register("introRu")}
                  error={errors.introRu?.message}
                />
              </SimpleGrid>
              <Controller
                control={rhf.control}
                name="keyId"
                rules={{ required: true }}
                render={({ field }) => (
                  <Select
                    label={t("forms.key")}
                    description={captureKeys.length === 0 ? t("forms.noKey") : t("forms.keyHint")}
                    data={captureKeys}
                    value={field.value || null}
                    onChange={(v) => field.onChange(v ?? "")}
                    error={errors.keyId && (errors.keyId.message || t("forms.required"))}
                    allowDeselect={false}
                  />
                )}
              />
              <Controller
                control={rhf.control}
                name="locales"
                render={({ field }) => (
                  <Checkbox.Group
                    label={t("forms.languages")}
                    value={field.value}
                    onChange={(v) => field.onChange(v)}
                    error={errors.locales?.message}
                  >
                    <Group gap="md" mt={6}>
                      <Checkbox value="en" label="English" />
                      <Checkbox value="ru" label="Русский" />
                    </Group>
                  </Checkbox.Group>
                )}
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <TextInput
                  label={t("forms.source")}
                  {...rhf.register("source")}
                  error={errors.source?.message}
                />
                <TextInput
                  label={t("forms.campaign")}
                  {...rhf.register("campaign")}
                  error={errors.campaign?.message}
                />
              </SimpleGrid>
              <Text size="sm" fw={500}>
                {t("forms.contactTitle")}
              </Text>
              <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
                {CONTACTS.map((c) => (
                  <Controller
                    key={c}
                    control={rhf.control}
                    name={`contact.${c}`}
                    render={({ field }) => (
                      <Select
                        label={t(`forms.contact.${c}`)}
                        data={presence}
                        value={field.value}
                        onChange={(v) => v && field.onChange(v)}
                        allowDeselect={false}
                        size="xs"
                      />
                    )}
                  />
                ))}
              </SimpleGrid>
              <Controller
                control={rhf.control}
                name="facts"
                render={({ field }) => (
                  <Checkbox.Group
                    label={t("forms.factsTitle")}
                    description={t("forms.factsHint")}
                    value={field.value}
                    onChange={(v) => field.onChange(v)}
                  >
                    <Stack gap={6} mt={6} data-testid="form-facts">
                      {askable.map((fact) => {
                        const kept = form?.fields.some((x) => x.fact === fact.key) ?? false;
                        const disabled = !kept && defaultField(fact, notSure, yesNo) === null;
                        return (
                          <Checkbox
                            key={fact.key}
                            value={fact.key}
                            label={local(fact.label)}
                            description={factHint(fact)}
                            disabled={disabled}
                          />
                        );
                      })}
                    </Stack>
                  </Checkbox.Group>
                )}
              />
              <Group justify="space-between" mt="xs">
                {form ? (
                  <Button variant="subtle" color="red" onClick={() => setDeleting(true)}>
                    {t("forms.delete")}
                  </Button>
                ) : (
                  <span />
                )}
                <Button type="submit" loading={isSubmitting} data-testid="form-save">
                  {form ? t("forms.save") : t("forms.createSubmit")}
                </Button>
              </Group>
              {form && (
                <Text size="xs" c="dimmed">
                  {t("forms.updated", { date: f.dateTime(form.updatedAt) })}
                </Text>
              )}
            </Stack>
          </form>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          {form ? (
            <Stack gap="md">
              <FormPreview formId={form.id} locales={form.locales} version={`${form.updatedAt}-${saved}`} />
              <Snippet formId={form.id} />
            </Stack>
          ) : (
            <Paper withBorder p="md" radius="md">
              <Text size="sm" c="dimmed">
                {t("forms.previewAfterSave")}
              </Text>
            </Paper>
          )}
        </Grid.Col>
      </Grid>
      {form && (
        <Modal
          closeButtonProps={{ "aria-label": t("common:close") }}
          opened={deleting}
          onClose={() => setDeleting(false)}
          title={t("forms.deleteTitle", { name: form.name })}
        >
          <Stack>
            <Text size="sm">{t("forms.deleteWarning")}</Text>
            {remove.isError && <ErrorState error={remove.error} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDeleting(false)}>
                {t("common:cancel")}
              </Button>
              <Button color="red" loading={remove.isPending} onClick={() => remove.mutate(form.id)}>
                {t("forms.deleteConfirm")}
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Stack>
  );
}

/** The public form page itself, framed (it allows frame-ancestors 'self'); reloaded after each save. */
function FormPreview({
  formId,
  locales,
  version,
}: {
  formId: string;
  locales: readonly string[];
  version: string;
}) {
  const { t, i18n } = useTranslation("settings");
  const [lang, setLang] = useState(locales.includes(i18n.language) ? i18n.language : (locales[0] ?? "en"));
  return (
    <Paper withBorder radius="md" p="xs">
      <Group justify="space-between" mb="xs" px={4}>
        <Title order={3} size="h5">
          {t("forms.preview")}
        </Title>
        <Group gap={4}>
          {locales.map((l) => (
            <Button
              key={l}
              size="compact-xs"
              variant={l === lang ? "filled" : "default"}
              onClick={() => setLang(l)}
              aria-pressed={l === lang}
            >
              {l.toUpperCase()}
            </Button>
          ))}
          <Anchor href={`/forms/${formId}?lang=${lang}`} target="_blank" size="xs">
            {t("forms.openPage")}
          </Anchor>
        </Group>
      </Group>
      <Text size="xs" c="dimmed" px={4} mb="xs">
        {t("forms.previewHint")}
      </Text>
      <iframe
        key={`${version}-${lang}`}
        title={t("forms.previewFrame")}
        src={`/forms/${formId}?lang=${lang}`}
        style={{ width: "100%", height: 560, border: 0, borderRadius: 6, background: "white" }}
        data-testid="form-preview"
      />
    </Paper>
  );
}

function Snippet({ formId }: { formId: string }) {
  const { t } = useTranslation("settings");
  const snippet = useQuery({
    queryKey: ["forms", formId, "snippet"],
    queryFn: () => ok(api.GET("/api/v1/forms/{id}/snippet", { params: { path: { id: formId } } })),
  });
  if (snippet.isPending) return <Loading />;
  if (snippet.isError) return <ErrorState error={snippet.error} />;
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={3} size="h5" mb="xs">
        {t("forms.snippet")}
      </Title>
      <Stack gap="sm">
        {(["script", "iframe"] as const).map((kind) => (
          <Stack key={kind} gap={4}>
            <Group justify="space-between" align="flex-end">
              <Text size="sm" fw={500}>
                {t(`forms.snippetKind.${kind}`)}
              </Text>
              <CopyButton value={snippet.data[kind]}>
                {({ copied, copy }) => (
                  <Button
                    size="compact-xs"
                    variant={copied ? "filled" : "light"}
                    onClick={copy}
                    data-testid={`snippet-copy-${kind}`}
                  >
                    {copied ? t("secret.copied") : t("forms.copySnippet")}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Textarea
              readOnly
              aria-label={t(`forms.snippetKind.${kind}`)}
              value={snippet.data[kind]}
              autosize
              minRows={2}
              maxRows={6}
              styles={{ input: { fontFamily: "monospace", fontSize: 12 } }}
              data-testid={`snippet-${kind}`}
            />
          </Stack>
        ))}
      </Stack>
    </Paper>
  );
}
