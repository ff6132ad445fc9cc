import "../../ui/zod-locale";
import { zodResolver } from "@hookform/resolvers/zod";
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  CopyButton,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { api, ok } from "../../api/client";
import { useFormat } from "../../i18n/format";
import { applyApiError } from "../../ui/form-errors";
import { EmptyState, ErrorState, Loading } from "../../ui/states";

const SCOPES = ["capture", "read", "admin"] as const;
const KEYS = ["keys"] as const;

const schema = z.object({
  name: z.string().trim().min(1),
  scopes: z.array(z.enum(SCOPES)).min(1),
});
type Values = z.infer<typeof schema>;

/** API keys: the list, creating one (its secret shown once), revoking with a confirmation. */
export function KeysTab() {
  const { t } = useTranslation("settings");
  const f = useFormat();
  const qc = useQueryClient();
  const keys = useQuery({ queryKey: KEYS, queryFn: () => ok(api.GET("/api/v1/keys")) });
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ name: string; key: string } | null>(null);
  const [revoking, setRevoking] = useState<{ id: string; name: string } | null>(null);
  const revoke = useMutation({
    mutationFn: (id: string) => ok(api.POST("/api/v1/keys/{id}/revoke", { params: { path: { id } } })),
    onSuccess: () => {
      setRevoking(null);
      void qc.invalidateQueries({ queryKey: KEYS });
    },
  });

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2} size="h3">
          {t("keys.title")}
        </Title>
        <Button onClick={() => setCreating(true)} data-testid="key-create">
          {t("keys.create")}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {t("keys.intro")}
      </Text>
      {secret && <SecretOnce name={secret.name} value={secret.key} onDone={() => setSecret(null)} />}
      {keys.isPending ? (
        <Loading />
      ) : keys.isError ? (
        <ErrorState error={keys.error} onRetry={() => void keys.refetch()} />
      ) : keys.data.length === 0 ? (
        <EmptyState title={t("keys.empty")} />
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover data-testid="keys-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("keys.name")}</Table.Th>
                <Table.Th>{t("keys.scopes")}</Table.Th>
                <Table.Th>{t("keys.created")}</Table.Th>
                <Table.Th>{t("keys.lastUsed")}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t("keys.actions")}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {keys.data.map((k) => (
                <Table.Tr key={k.id} data-testid={`key-row-${k.id}`}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {k.name}
                    </Text>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {k.prefix}…
                    </Text>
                  </Table.Td>
                  <Table.Td miw={130}>
                    <Group gap={4}>
                      {k.scopes.map((s) => (
                        <Badge key={s} variant="light" color="gray" radius="sm">
                          {t(`keys.scope.${s}`)}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{f.date(k.createdAt)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {k.lastUsedAt === null ? t("keys.never") : f.dateTime(k.lastUsedAt)}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    {k.revokedAt !== null ? (
                      <Badge color="red" c="red.9" variant="light">
                        {t("keys.revokedOn", { date: f.date(k.revokedAt) })}
                      </Badge>
                    ) : (
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        onClick={() => setRevoking({ id: k.id, name: k.name })}
                        aria-label={t("keys.revokeNamed", { name: k.name })}
                      >
                        {t("keys.revoke")}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <CreateKeyModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(name, key) => {
          setCreating(false);
          setSecret({ name, key });
          void qc.invalidateQueries({ queryKey: KEYS });
        }}
      />
      <Modal
        closeButtonProps={{ "aria-label": t("common:close") }}
        opened={revoking !== null}
        onClose={() => setRevoking(null)}
        title={t("keys.revokeTitle", { name: revoking?.name ?? "" })}
      >
        <Stack>
          <Text size="sm">{t("keys.revokeWarning")}</Text>
          {revoke.isError && <ErrorState error={revoke.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRevoking(null)}>
              {t("common:cancel")}
            </Button>
            <Button
              color="red"
              loading={revoke.isPending}
              onClick={() => revoking && revoke.mutate(revoking.id)}
              data-testid="key-revoke-confirm"
            >
              {t("keys.revokeConfirm")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function CreateKeyModal({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (name: string, key: string) => void;
}) {
  const { t } = useTranslation("settings");
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { name: "", scopes: ["read"] },
  });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const created = await ok(api.POST("/api/v1/keys", { body: values }));
      form.reset();
      onCreated(created.name, created.key);
    } catch (e) {
      applyApiError(e, form.setError, ["name", "scopes"]);
    }
  });
  return (
    <Modal
      closeButtonProps={{ "aria-label": t("common:close") }}
      opened={opened}
      onClose={onClose}
      title={t("keys.createTitle")}
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          {errors.root?.server && (
            <Alert color="red" role="alert">
              {errors.root.server.message}
            </Alert>
          )}
          <TextInput
            label={t("keys.name")}
            description={t("keys.nameHint")}
            data-autofocus
            {...form.register("name")}
            error={errors.name && (errors.name.message || t("required"))}
          />
          <Controller
            control={form.control}
            name="scopes"
            render={({ field }) => (
              <Checkbox.Group
                label={t("keys.scopes")}
                value={field.value}
                onChange={(v) => field.onChange(v)}
                error={errors.scopes && t("keys.scopesRequired")}
              >
                <Stack gap={6} mt={6}>
                  {SCOPES.map((s) => (
                    <Checkbox
                      key={s}
                      value={s}
                      label={t(`keys.scope.${s}`)}
                      description={t(`keys.scopeHint.${s}`)}
                    />
                  ))}
                </Stack>
              </Checkbox.Group>
            )}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common:cancel")}
            </Button>
            <Button type="submit" loading={isSubmitting} data-testid="key-create-submit">
              {t("keys.createSubmit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** A secret shown this once: the value, a copy button and a warning; gone when dismissed. */
export function SecretOnce({
  name,
  value,
  onDone,
  testId = "key-secret",
}: {
  name: string;
  value: string;
  onDone: () => void;
  testId?: string;
}) {
  const { t } = useTranslation("settings");
  return (
    <Alert
      color="yellow"
      title={t("secret.title", { name })}
      styles={{ title: { color: "var(--mantine-color-text)" } }}
      data-testid={`${testId}-alert`}
    >
      <Stack gap="xs">
        <Text size="sm">{t("secret.warning")}</Text>
        <Group gap="xs" wrap="wrap" align="flex-end">
          <TextInput
            readOnly
            label={t("secret.label")}
            value={value}
            data-testid={testId}
            onFocus={(e) => e.currentTarget.select()}
            styles={{ input: { fontFamily: "monospace" } }}
            style={{ flex: 1, minWidth: 220 }}
          />
          <CopyButton value={value}>
            {({ copied, copy }) => (
              <Button
                size="xs"
                variant={copied ? "filled" : "light"}
                onClick={copy}
                data-testid={`${testId}-copy`}
              >
                {copied ? t("secret.copied") : t("secret.copy")}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Group justify="flex-end">
          <Button size="xs" variant="default" onClick={onDone}>
            {t("secret.done")}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
