import "../../ui/zod-locale";
import { zodResolver } from "@hookform/resolvers/zod";
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { api, ok } from "../../api/client";
import type { paths } from "../../api/schema.gen";
import { useFormat } from "../../i18n/format";
import { applyApiError } from "../../ui/form-errors";
import { EmptyState, ErrorState, Loading } from "../../ui/states";
import { SecretOnce } from "./keys-tab";

type CreateBody = NonNullable<
  paths["/api/v1/webhooks"]["post"]["requestBody"]
>["content"]["application/json"];
type Event = CreateBody["events"][number];

/** The events a webhook may subscribe to (as the API's WEBHOOK_EVENTS). */
export const WEBHOOK_EVENTS = [
  "lead.captured",
  "lead.graded",
  "lead.handed_off",
  "lead.accepted",
  "lead.rejected",
  "dispute.opened",
  "dispute.resolved",
  "lead.won",
  "lead.lost",
  "definition.activated",
] as const satisfies readonly Event[];

const HOOKS = ["webhooks"] as const;

const schema = z.object({
  url: z.string().trim().url(),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1),
});
type Values = z.infer<typeof schema>;

type Webhook = Awaited<ReturnType<typeof fetchHooks>>["webhooks"][number];
const fetchHooks = () => ok(api.GET("/api/v1/webhooks"));

/** Webhooks: subscribe a URL (its signing secret shown once), enable/disable/delete, test, the log. */
export function WebhooksTab() {
  const { t } = useTranslation("settings");
  const qc = useQueryClient();
  const hooks = useQuery({ queryKey: HOOKS, queryFn: fetchHooks });
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2} size="h3">
          {t("webhooks.title")}
        </Title>
        <Button onClick={() => setCreating(true)} data-testid="webhook-create">
          {t("webhooks.create")}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {t("webhooks.intro")}
      </Text>
      {secret && (
        <SecretOnce
          name={secret.url}
          value={secret.secret}
          onDone={() => setSecret(null)}
          testId="webhook-secret"
        />
      )}
      {hooks.isPending ? (
        <Loading />
      ) : hooks.isError ? (
        <ErrorState error={hooks.error} onRetry={() => void hooks.refetch()} />
      ) : hooks.data.webhooks.length === 0 ? (
        <EmptyState title={t("webhooks.empty")} />
      ) : (
        <Stack gap="sm">
          {hooks.data.webhooks.map((h) => (
            <WebhookCard key={h.id} hook={h} />
          ))}
        </Stack>
      )}
      <CreateWebhookModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(url, s) => {
          setCreating(false);
          setSecret({ url, secret: s });
          void qc.invalidateQueries({ queryKey: HOOKS });
        }}
      />
    </Stack>
  );
}

function WebhookCard({ hook }: { hook: Webhook }) {
  const { t } = useTranslation("settings");
  const f = useFormat();
  const qc = useQueryClient();
  const [showLog, setShowLog] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [testEvent, setTestEvent] = useState<string | null>(null);
  const path = { params: { path: { id: hook.id } } };
  const refresh = () => void qc.invalidateQueries({ queryKey: HOOKS });
  const toggle = useMutation({
    mutationFn: () =>
      hook.status === "enabled"
        ? ok(api.POST("/api/v1/webhooks/{id}/disable", path))
        : ok(api.POST("/api/v1/webhooks/{id}/enable", path)),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: () => ok(api.DELETE("/api/v1/webhooks/{id}", path)),
    onSuccess: () => {
      setDeleting(false);
      refresh();
    },
  });
  const test = useMutation({
    mutationFn: () => ok(api.POST("/api/v1/webhooks/{id}/test", path)),
    onSuccess: (r) => {
      setTestEvent(r.eventId);
      setShowLog(true);
    },
  });
  const enabled = hook.status === "enabled";

  return (
    <Paper withBorder p="sm" radius="md" data-testid={`webhook-${hook.id}`}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
            <Text fw={600} size="sm" style={{ wordBreak: "break-all" }}>
              {hook.url}
            </Text>
            <Text size="xs" c="dimmed">
              {t("webhooks.createdOn", { date: f.date(hook.createdAt) })}
              {hook.consecutiveFailures > 0 &&
                ` · ${t("webhooks.failuresInRow", { count: hook.consecutiveFailures })}`}
            </Text>
          </Stack>
          <Badge color={enabled ? "teal.9" : "red.9"} variant="filled">
            {t(`webhooks.status.${hook.status}`)}
          </Badge>
        </Group>
        <Group gap={4}>
          {hook.events.map((e) => (
            <Badge key={e} variant="outline" color="gray" radius="sm" tt="none">
              {e}
            </Badge>
          ))}
        </Group>
        <Group gap="xs">
          <Button size="xs" onClick={() => test.mutate()} loading={test.isPending}>
            {t("webhooks.sendTest")}
          </Button>
          <Button size="xs" variant="default" onClick={() => setShowLog((v) => !v)} aria-expanded={showLog}>
            {showLog ? t("webhooks.hideLog") : t("webhooks.showLog")}
          </Button>
          <Button size="xs" variant="default" onClick={() => toggle.mutate()} loading={toggle.isPending}>
            {enabled ? t("webhooks.disable") : t("webhooks.enable")}
          </Button>
          <Button size="xs" variant="subtle" color="red" onClick={() => setDeleting(true)}>
            {t("webhooks.delete")}
          </Button>
        </Group>
        {(test.isError || toggle.isError) && <ErrorState error={test.error ?? toggle.error} />}
        {testEvent && <TestResult hookId={hook.id} eventId={testEvent} enabled={enabled} />}
        {showLog && <DeliveryLog hookId={hook.id} />}
      </Stack>
      <Modal
        closeButtonProps={{ "aria-label": t("common:close") }}
        opened={deleting}
        onClose={() => setDeleting(false)}
        title={t("webhooks.deleteTitle")}
      >
        <Stack>
          <Text size="sm">{t("webhooks.deleteWarning", { url: hook.url })}</Text>
          {remove.isError && <ErrorState error={remove.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeleting(false)}>
              {t("common:cancel")}
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
              {t("webhooks.deleteConfirm")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}

const deliveriesKey = (id: string) => ["webhooks", id, "deliveries"] as const;

/** Follows the test ping until it is delivered or failed (the delivery job sends it within seconds). */
function TestResult({ hookId, eventId, enabled }: { hookId: string; eventId: string; enabled: boolean }) {
  const { t } = useTranslation("settings");
  const [started] = useState(() => Date.now());
  const log = useQuery({
    queryKey: deliveriesKey(hookId),
    queryFn: () =>
      ok(
        api.GET("/api/v1/webhooks/{id}/deliveries", {
          params: { path: { id: hookId }, query: { limit: 20 } },
        }),
      ),
    refetchInterval: (q) => {
      const d = q.state.data?.deliveries.find((x) => x.eventId === eventId);
      return (!d || d.status === "pending") && Date.now() - started < 30_000 ? 1000 : false;
    },
  });
  const d = log.data?.deliveries.find((x) => x.eventId === eventId);
  const [, tick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 5000);
    return () => clearInterval(timer);
  }, []);
  let color = "blue";
  let text = t("webhooks.test.sending");
  if (d?.status === "delivered") {
    color = "teal";
    text = t("webhooks.test.delivered", { code: d.lastStatusCode ?? "" });
  } else if (d?.status === "failed" || (d && d.attempts > 0)) {
    color = "red";
    text = t("webhooks.test.failed", {
      reason: d.lastStatusCode !== null ? `HTTP ${d.lastStatusCode}` : (d.lastError ?? "?"),
    });
  } else if (!enabled) {
    text = t("webhooks.test.waitingDisabled");
  } else if (Date.now() - started > 30_000) {
    text = t("webhooks.test.stillQueued");
  }
  return (
    <Alert color={color} role="status" aria-live="polite" data-testid="webhook-test-result" p="xs">
      <Text size="sm">{text}</Text>
    </Alert>
  );
}

function DeliveryLog({ hookId }: { hookId: string }) {
  const { t } = useTranslation("settings");
  const f = useFormat();
  const log = useQuery({
    queryKey: deliveriesKey(hookId),
    queryFn: () =>
      ok(
        api.GET("/api/v1/webhooks/{id}/deliveries", {
          params: { path: { id: hookId }, query: { limit: 20 } },
        }),
      ),
  });
  if (log.isPending) return <Loading />;
  if (log.isError) return <ErrorState error={log.error} onRetry={() => void log.refetch()} />;
  if (log.data.deliveries.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t("webhooks.log.empty")}
      </Text>
    );
  const color = { delivered: "teal", failed: "red", pending: "blue" } as const;
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table fz="sm" data-testid={`webhook-log-${hookId}`}>
        <Table.Caption>{t("webhooks.log.caption")}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("webhooks.log.time")}</Table.Th>
            <Table.Th>{t("webhooks.log.event")}</Table.Th>
            <Table.Th>{t("webhooks.log.status")}</Table.Th>
            <Table.Th>{t("webhooks.log.attempts")}</Table.Th>
            <Table.Th>{t("webhooks.log.code")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {log.data.deliveries.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td miw={130}>{f.dateTime(d.deliveredAt ?? d.createdAt)}</Table.Td>
              <Table.Td ff="monospace">{d.event}</Table.Td>
              <Table.Td miw={120}>
                <Badge color={color[d.status]} c={`${color[d.status]}.9`} variant="light" size="sm">
                  {t(`webhooks.log.statuses.${d.status}`)}
                </Badge>
              </Table.Td>
              <Table.Td>{f.number(d.attempts)}</Table.Td>
              <Table.Td>
                {d.lastStatusCode ??
                  (d.lastError ? (
                    <Text size="xs" c="red.9">
                      {d.lastError}
                    </Text>
                  ) : (
                    "—"
                  ))}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function CreateWebhookModal({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (url: string, secret: string) => void;
}) {
  const { t } = useTranslation("settings");
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { url: "", events: ["lead.handed_off"] },
  });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const created = await ok(api.POST("/api/v1/webhooks", { body: values }));
      form.reset();
      onCreated(created.url, created.secret);
    } catch (e) {
      applyApiError(e, form.setError, ["url", "events"]);
    }
  });
  return (
    <Modal
      closeButtonProps={{ "aria-label": t("common:close") }}
      opened={opened}
      onClose={onClose}
      title={t("webhooks.createTitle")}
      size="lg"
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          {errors.root?.server && (
            <Alert color="red" role="alert">
              {errors.root.server.message}
            </Alert>
          )}
          <TextInput
            label={t("webhooks.url")}
            placeholder="https://example.com/truce"
            type="url"
            data-autofocus
            {...form.register("url")}
            error={
              errors.url && (errors.url.type === "server" ? errors.url.message : t("webhooks.urlInvalid"))
            }
          />
          <Controller
            control={form.control}
            name="events"
            render={({ field }) => (
              <Checkbox.Group
                label={t("webhooks.events")}
                value={field.value}
                onChange={(v) => field.onChange(v)}
                error={errors.events && t("webhooks.eventsRequired")}
              >
                <SimpleGrid cols={{ base: 1, xs: 2 }} spacing={6} mt={6}>
                  {WEBHOOK_EVENTS.map((e) => (
                    <Checkbox key={e} value={e} label={e} styles={{ label: { fontFamily: "monospace" } }} />
                  ))}
                </SimpleGrid>
              </Checkbox.Group>
            )}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common:cancel")}
            </Button>
            <Button type="submit" loading={isSubmitting} data-testid="webhook-create-submit">
              {t("webhooks.createSubmit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
