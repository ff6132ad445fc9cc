import "../../ui/zod-locale";
import { zodResolver } from "@hookform/resolvers/zod";
import {
  ActionIcon,
  Alert,
  Box,
  Button,
  Group,
  Menu,
  Modal,
  NativeSelect,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { api, ok } from "../../api/client";
import { type Role, useMe } from "../../api/session";
import { useFormat } from "../../i18n/format";
import { applyApiError } from "../../ui/form-errors";
import { OneTimePassword } from "../../ui/one-time-password";
import { EmptyState, ErrorState, Loading } from "../../ui/states";

const ROLES: readonly Role[] = ["admin", "marketing", "marketing_head", "sales", "sales_head"];
const USERS_KEY = ["users"] as const;

type User = Awaited<ReturnType<typeof fetchUsers>>[number];
type Status = "active" | "disabled" | "mustSetPassword";

function fetchUsers() {
  return ok(api.GET("/api/v1/users"));
}

function statusOf(u: User): Status {
  if (u.disabledAt !== null) return "disabled";
  if (u.passwordSetAt === null) return "mustSetPassword";
  return "active";
}

const STATUS_COLOR: Record<Status, string> = { active: "green", disabled: "gray", mustSetPassword: "orange" };

/** What the tab shows after an action: a one-time password (once), or a sentence. */
type Outcome = { kind: "password"; name: string; password: string } | { kind: "note"; text: string };

/**
 * Settings → Users (admins): everyone with their role, status and last sign-in; create a user (the
 * one-time password is shown once), change a role, disable or enable, reset a password, end sessions.
 * Dangerous steps ask once, in words.
 */
export function UsersTab() {
  const { t } = useTranslation("settings");
  const me = useMe().data;
  const users = useQuery({ queryKey: USERS_KEY, queryFn: fetchUsers });
  const [creating, setCreating] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  if (users.isPending) return <Loading />;
  if (users.isError) return <ErrorState error={users.error} onRetry={() => void users.refetch()} />;

  return (
    <Stack gap="md" data-testid="users-tab">
      <Group justify="space-between" wrap="wrap">
        <Title order={2} size="h3">
          {t("users.title")}
        </Title>
        <Button onClick={() => setCreating(true)} data-testid="users-create">
          {t("users.create")}
        </Button>
      </Group>
      {outcome?.kind === "password" && (
        <OneTimePassword
          password={outcome.password}
          title={t("users.password.title", { name: outcome.name })}
          words={t("users.password.words")}
          copy={t("users.password.copy")}
          copied={t("users.password.copied")}
          copyLabel={t("users.password.copyLabel", { name: outcome.name })}
        />
      )}
      {outcome?.kind === "note" && (
        <Alert
          color="blue"
          role="status"
          withCloseButton
          onClose={() => setOutcome(null)}
          closeButtonLabel={t("users.dismiss")}
        >
          {outcome.text}
        </Alert>
      )}
      {users.data.length === 0 ? (
        <EmptyState title={t("users.empty")} />
      ) : (
        <UsersTable users={users.data} myId={me?.id} onOutcome={setOutcome} />
      )}
      <CreateUserModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(name, password) => {
          setCreating(false);
          setOutcome(password ? { kind: "password", name, password } : null);
        }}
      />
    </Stack>
  );
}

function UsersTable(props: {
  users: readonly User[];
  myId: string | undefined;
  onOutcome: (o: Outcome | null) => void;
}) {
  const { t } = useTranslation("settings");
  const f = useFormat();
  return (
    <Table.ScrollContainer minWidth={340}>
      <Table verticalSpacing="xs" highlightOnHover data-testid="users-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("users.columns.name")}</Table.Th>
            <Table.Th visibleFrom="sm">{t("users.columns.role")}</Table.Th>
            <Table.Th>{t("users.columns.status")}</Table.Th>
            <Table.Th visibleFrom="sm">{t("users.columns.lastSignIn")}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t("users.columns.actions")}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.users.map((u) => {
            const status = statusOf(u);
            return (
              <Table.Tr key={u.id} data-testid={`user-row-${u.email}`}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {u.name}
                    {u.id === props.myId && (
                      <Text span size="xs" c="dimmed">
                        {" "}
                        ({t("users.you")})
                      </Text>
                    )}
                  </Text>
                  <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                    {u.email}
                  </Text>
                  <Text size="xs" hiddenFrom="sm">
                    {t(`common:roles.${u.role}`)}
                  </Text>
                </Table.Td>
                <Table.Td visibleFrom="sm">
                  <Text size="sm">{t(`common:roles.${u.role}`)}</Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap" data-testid="user-status">
                    <Box
                      w={8}
                      h={8}
                      bg={`var(--mantine-color-${STATUS_COLOR[status]}-6)`}
                      style={{ borderRadius: "50%", flex: "none" }}
                      aria-hidden
                    />
                    <Text size="sm">{t(`users.status.${status}`)}</Text>
                  </Group>
                </Table.Td>
                <Table.Td visibleFrom="sm">
                  <Text size="sm" c={u.lastSignInAt === null ? "dimmed" : undefined}>
                    {u.lastSignInAt === null ? t("users.never") : f.dateTime(u.lastSignInAt)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <UserActions user={u} isMe={u.id === props.myId} onOutcome={props.onOutcome} />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

type Dialog = "role" | "disable" | "enable" | "reset" | "revoke" | null;

/** The row's actions: only those that apply now (no disabling or demoting yourself). */
function UserActions({
  user,
  isMe,
  onOutcome,
}: {
  user: User;
  isMe: boolean;
  onOutcome: (o: Outcome | null) => void;
}) {
  const { t } = useTranslation("settings");
  const qc = useQueryClient();
  const [dialog, setDialog] = useState<Dialog>(null);
  const disabled = user.disabledAt !== null;
  const done = async (o: Outcome | null) => {
    setDialog(null);
    onOutcome(o);
    await qc.invalidateQueries({ queryKey: USERS_KEY });
  };
  const patch = (body: { role?: Role; disabled?: boolean }) =>
    ok(api.PATCH("/api/v1/users/{id}", { params: { path: { id: user.id } }, body }));

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon
            variant="subtle"
            aria-label={t("users.actions.label", { name: user.name })}
            data-testid="user-actions"
          >
            <span aria-hidden>⋯</span>
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          {!isMe && <Menu.Item onClick={() => setDialog("role")}>{t("users.actions.role")}</Menu.Item>}
          {!disabled && <Menu.Item onClick={() => setDialog("reset")}>{t("users.actions.reset")}</Menu.Item>}
          {!disabled && !isMe && (
            <Menu.Item onClick={() => setDialog("revoke")}>{t("users.actions.revoke")}</Menu.Item>
          )}
          {!isMe &&
            (disabled ? (
              <Menu.Item onClick={() => setDialog("enable")}>{t("users.actions.enable")}</Menu.Item>
            ) : (
              <Menu.Item color="red.9" onClick={() => setDialog("disable")}>
                {t("users.actions.disable")}
              </Menu.Item>
            ))}
        </Menu.Dropdown>
      </Menu>
      <ChangeRoleModal
        user={user}
        opened={dialog === "role"}
        onClose={() => setDialog(null)}
        onSave={async (role) => {
          await patch({ role });
          await done({
            kind: "note",
            text: t("users.done.role", { name: user.name, role: t(`common:roles.${role}`) }),
          });
        }}
      />
      <Confirm
        opened={dialog === "disable"}
        title={t("users.confirm.disableTitle", { name: user.name })}
        words={t("users.confirm.disableWords", { name: user.name })}
        action={t("users.actions.disable")}
        danger
        onClose={() => setDialog(null)}
        onConfirm={async () => {
          await patch({ disabled: true });
          await done({ kind: "note", text: t("users.done.disabled", { name: user.name }) });
        }}
      />
      <Confirm
        opened={dialog === "enable"}
        title={t("users.confirm.enableTitle", { name: user.name })}
        words={t("users.confirm.enableWords", { name: user.name })}
        action={t("users.actions.enable")}
        onClose={() => setDialog(null)}
        onConfirm={async () => {
          await patch({ disabled: false });
          await done({ kind: "note", text: t("users.done.enabled", { name: user.name }) });
        }}
      />
      <Confirm
        opened={dialog === "reset"}
        title={t("users.confirm.resetTitle", { name: user.name })}
        words={t(isMe ? "users.confirm.resetWordsMe" : "users.confirm.resetWords", { name: user.name })}
        action={t("users.actions.reset")}
        danger
        onClose={() => setDialog(null)}
        onConfirm={async () => {
          const r = await ok(
            api.POST("/api/v1/users/{id}/reset-password", { params: { path: { id: user.id } } }),
          );
          if (isMe) {
            // Our own session ended with the reset: the sign-in page comes next.
            window.location.assign("/sign-in");
            return;
          }
          await done(
            r.oneTimePassword ? { kind: "password", name: user.name, password: r.oneTimePassword } : null,
          );
        }}
      />
      <Confirm
        opened={dialog === "revoke"}
        title={t("users.confirm.revokeTitle", { name: user.name })}
        words={t("users.confirm.revokeWords", { name: user.name })}
        action={t("users.actions.revoke")}
        onClose={() => setDialog(null)}
        onConfirm={async () => {
          const r = await ok(
            api.POST("/api/v1/users/{id}/revoke-sessions", { params: { path: { id: user.id } } }),
          );
          await done({ kind: "note", text: t("users.done.revoked", { name: user.name, count: r.revoked }) });
        }}
      />
    </>
  );
}

/** Asks once, in words; the server's refusal shows inside. */
function Confirm(props: {
  opened: boolean;
  title: string;
  words: string;
  action: string;
  danger?: boolean;
  onClose: () => void;
  onConfirm: () => Promise<void>;
}) {
  const { t } = useTranslation("settings");
  const run = useMutation({ mutationFn: props.onConfirm });
  const close = () => {
    run.reset();
    props.onClose();
  };
  return (
    <Modal
      opened={props.opened}
      onClose={close}
      title={props.title}
      centered
      closeButtonProps={{ "aria-label": t("common:close") }}
    >
      <Stack>
        <Text size="sm">{props.words}</Text>
        {run.isError && <ErrorText>{run.error.message}</ErrorText>}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t("common:cancel")}
          </Button>
          <Button
            color={props.danger ? "red.9" : undefined}
            loading={run.isPending}
            onClick={() => run.mutate()}
            data-testid="confirm-action"
          >
            {props.action}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function ErrorText({ children }: { children: ReactNode }) {
  return (
    <Alert color="red" role="alert">
      {children}
    </Alert>
  );
}

function ChangeRoleModal(props: {
  user: User;
  opened: boolean;
  onClose: () => void;
  onSave: (role: Role) => Promise<void>;
}) {
  const { t } = useTranslation("settings");
  const [role, setRole] = useState<Role>(props.user.role);
  const run = useMutation({ mutationFn: () => props.onSave(role) });
  const close = () => {
    run.reset();
    setRole(props.user.role);
    props.onClose();
  };
  return (
    <Modal
      opened={props.opened}
      onClose={close}
      title={t("users.roleTitle", { name: props.user.name })}
      centered
      closeButtonProps={{ "aria-label": t("common:close") }}
    >
      <Stack>
        <NativeSelect
          label={t("users.fields.role")}
          value={role}
          onChange={(e) => setRole(e.currentTarget.value as Role)}
          data={ROLES.map((r) => ({ value: r, label: t(`common:roles.${r}`) }))}
        />
        <Text size="xs" c="dimmed">
          {t("users.roleHint")}
        </Text>
        {run.isError && <ErrorText>{run.error.message}</ErrorText>}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t("common:cancel")}
          </Button>
          <Button
            loading={run.isPending}
            disabled={role === props.user.role}
            onClick={() => run.mutate()}
            data-testid="confirm-action"
          >
            {t("common:save")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function CreateUserModal(props: {
  opened: boolean;
  onClose: () => void;
  onCreated: (name: string, oneTimePassword: string | null) => void;
}) {
  const { t } = useTranslation("settings");
  const qc = useQueryClient();
  const schema = z.object({
    name: z.string().trim().min(1, t("users.fields.required")).max(200),
    email: z
      .string()
      .trim()
      .min(1, t("users.fields.required"))
      .pipe(z.email(t("users.fields.badEmail"))),
    role: z.enum(["admin", "marketing", "marketing_head", "sales", "sales_head"]),
  });
  type Values = z.infer<typeof schema>;
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { name: "", email: "", role: "marketing" },
  });
  const { errors, isSubmitting } = form.formState;
  const close = () => {
    form.reset();
    props.onClose();
  };
  const onSubmit = form.handleSubmit(async (body) => {
    try {
      const r = await ok(api.POST("/api/v1/users", { body }));
      await qc.invalidateQueries({ queryKey: USERS_KEY });
      form.reset();
      props.onCreated(r.user.name, r.oneTimePassword);
    } catch (e) {
      applyApiError(e, form.setError, ["name", "email", "role"]);
    }
  });
  return (
    <Modal
      opened={props.opened}
      onClose={close}
      title={t("users.createTitle")}
      centered
      closeButtonProps={{ "aria-label": t("common:close") }}
    >
      <form onSubmit={onSubmit} noValidate data-testid="users-create-form">
        <Stack>
          {errors.root?.server && <ErrorText>{errors.root.server.message}</ErrorText>}
          <TextInput
            label={t("users.fields.name")}
            autoFocus
            {...form.register("name")}
            error={errors.name?.message}
          />
          <TextInput
            label={t("users.fields.email")}
            type="email"
            {...form.register("email")}
            error={errors.email?.message}
          />
          <NativeSelect
            label={t("users.fields.role")}
            data={ROLES.map((r) => ({ value: r, label: t(`common:roles.${r}`) }))}
            {...form.register("role")}
            error={errors.role?.message}
          />
          <Text size="xs" c="dimmed">
            {t("users.createHint")}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t("common:cancel")}
            </Button>
            <Button type="submit" loading={isSubmitting}>
              {t("users.createSubmit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
