import "../../ui/zod-locale";
import { zodResolver } from "@hookform/resolvers/zod";
import {
  Alert,
  Button,
  Center,
  Group,
  NativeSelect,
  Paper,
  PasswordInput,
  Stack,
  Stepper,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { z } from "zod";
import { ApiError, api, ok } from "../../api/client";
import { ME_KEY, type Me, useMe, useResetSession } from "../../api/session";
import { saveLanguage } from "../../app/language";
import { applyApiError } from "../../ui/form-errors";
import { LanguageSwitch } from "../../ui/language-switch";
import { OneTimePassword } from "../../ui/one-time-password";
import { ErrorState, Loading } from "../../ui/states";

/** As the API's `passwordSchema` (src/contracts/api-admin.ts): at least 12 characters. */
const MIN_PASSWORD = 12;

/**
 * The first run (/welcome): everyone with a one-time password chooses their own; an admin whose
 * set-up is pending then names the company, picks its default language, and creates the two
 * department heads (each one-time password shown once). Finishing marks the set-up done.
 */
export function FirstRunPage() {
  const { t } = useTranslation("firstRun");
  const me = useMe().data;
  const navigate = useNavigate();
  const qc = useQueryClient();
  const narrow = useMediaQuery("(max-width: 40em)");
  const [step, setStep] = useState<number | null>(null);
  if (!me) return <Loading />;
  const admin = me.role === "admin" && me.setupPending;
  const active = me.mustChangePassword ? 0 : (step ?? 1);

  const refreshMe = () => qc.invalidateQueries({ queryKey: ME_KEY });
  const afterPassword = async () => {
    await refreshMe();
    if (admin) setStep(1);
    else void navigate("/", { replace: true });
  };

  return (
    <Center mih="100vh" p="md" component="main" style={{ alignItems: "flex-start" }}>
      <Paper
        withBorder
        p={{ base: "md", sm: "xl" }}
        w="100%"
        maw={720}
        radius="md"
        mt={{ base: 0, sm: "xl" }}
      >
        <Stack gap="lg">
          <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
            <div>
              <Title order={1} size="h2">
                {t("title")}
              </Title>
              <Text size="sm" c="dimmed">
                {t("intro")}
              </Text>
            </div>
            <TopActions />
          </Group>
          {admin ? (
            <Stepper
              active={active}
              size="sm"
              orientation={narrow ? "vertical" : "horizontal"}
              allowNextStepsSelect={false}
              onStepClick={(i) => {
                if (!me.mustChangePassword && i >= 1) setStep(i);
              }}
            >
              <Stepper.Step label={t("steps.password")} description={t("steps.passwordHint")}>
                <PasswordStep me={me} onDone={afterPassword} />
              </Stepper.Step>
              <Stepper.Step label={t("steps.company")} description={t("steps.companyHint")}>
                <CompanyStep
                  me={me}
                  onDone={async () => {
                    await refreshMe();
                    setStep(2);
                  }}
                />
              </Stepper.Step>
              <Stepper.Step label={t("steps.heads")} description={t("steps.headsHint")}>
                <HeadsStep
                  onBack={() => setStep(1)}
                  onDone={async () => {
                    await refreshMe();
                    void navigate("/", { replace: true });
                  }}
                />
              </Stepper.Step>
            </Stepper>
          ) : (
            <PasswordStep me={me} onDone={afterPassword} />
          )}
        </Stack>
      </Paper>
    </Center>
  );
}

/** The language switch (remembered for the person) and a way out. */
function TopActions() {
  const { t } = useTranslation("firstRun");
  const reset = useResetSession();
  const navigate = useNavigate();
  return (
    <Group gap="xs" wrap="nowrap">
      <LanguageSwitch onPick={(v) => void saveLanguage(v)} />
      <Button
        size="xs"
        variant="subtle"
        onClick={async () => {
          await api.POST("/api/v1/auth/sign-out");
          await reset();
          void navigate("/sign-in");
        }}
      >
        {t("signOut")}
      </Button>
    </Group>
  );
}

function ServerError({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <Alert color="red" role="alert" data-testid="first-run-error">
      {message}
    </Alert>
  );
}

// ---------------------------------------------------------------------------------------------
// Step 1: the person's own password

function PasswordStep({ me, onDone }: { me: Me; onDone: () => Promise<void> }) {
  const { t } = useTranslation("firstRun");
  const schema = z
    .object({
      currentPassword: z.string().min(1, t("password.required")),
      newPassword: z.string().min(MIN_PASSWORD, t("password.tooShort")),
      repeat: z.string(),
    })
    .refine((v) => v.newPassword === v.repeat, { path: ["repeat"], message: t("password.mismatch") });
  type Values = z.infer<typeof schema>;
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { currentPassword: "", newPassword: "", repeat: "" },
  });
  const { errors, isSubmitting } = form.formState;

  if (!me.mustChangePassword) {
    return (
      <Text size="sm" data-testid="first-run-password-done">
        {t("password.done")}
      </Text>
    );
  }

  const onSubmit = form.handleSubmit(async ({ currentPassword, newPassword }) => {
    try {
      await ok(api.POST("/api/v1/auth/password", { body: { currentPassword, newPassword } }));
      await onDone();
    } catch (e) {
      if (e instanceof ApiError && e.code === "auth.wrong_password")
        form.setError("currentPassword", { type: "server", message: e.message });
      else if (e instanceof ApiError && e.code === "auth.same_password")
        form.setError("newPassword", { type: "server", message: e.message });
      else applyApiError(e, form.setError, ["currentPassword", "newPassword"]);
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate data-testid="first-run-password">
      <Stack maw={420}>
        <Title order={2} size="h4">
          {t("password.title")}
        </Title>
        <Text size="sm">{t("password.why")}</Text>
        {(me.role === "marketing_head" || me.role === "sales_head") && (
          <Text size="sm">{t("password.whyHead")}</Text>
        )}
        <ServerError message={errors.root?.server?.message} />
        <PasswordInput
          label={t("password.current")}
          autoComplete="current-password"
          autoFocus
          {...form.register("currentPassword")}
          error={errors.currentPassword?.message}
        />
        <PasswordInput
          label={t("password.new")}
          description={t("password.newHint")}
          autoComplete="new-password"
          {...form.register("newPassword")}
          error={errors.newPassword?.message}
        />
        <PasswordInput
          label={t("password.repeat")}
          autoComplete="new-password"
          {...form.register("repeat")}
          error={errors.repeat?.message}
        />
        <Group>
          <Button type="submit" loading={isSubmitting}>
            {t("password.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

// ---------------------------------------------------------------------------------------------
// Step 2: the company's name and default language

function CompanyStep({ me, onDone }: { me: Me; onDone: () => Promise<void> }) {
  const { t } = useTranslation("firstRun");
  const schema = z.object({
    companyName: z.string().trim().min(1, t("company.required")).max(200),
    defaultLocale: z.enum(["en", "ru"]),
  });
  type Values = z.infer<typeof schema>;
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { companyName: me.companyName ?? "", defaultLocale: me.defaultLocale },
  });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (body) => {
    try {
      await ok(api.PUT("/api/v1/settings", { body }));
      await onDone();
    } catch (e) {
      applyApiError(e, form.setError, ["companyName", "defaultLocale"]);
    }
  });
  return (
    <form onSubmit={onSubmit} noValidate data-testid="first-run-company">
      <Stack maw={420}>
        <Title order={2} size="h4">
          {t("company.title")}
        </Title>
        <Text size="sm">{t("company.why")}</Text>
        <ServerError message={errors.root?.server?.message} />
        <TextInput
          label={t("company.name")}
          autoComplete="organization"
          autoFocus
          {...form.register("companyName")}
          error={errors.companyName?.message}
        />
        <NativeSelect
          label={t("company.language")}
          data={[
            { value: "en", label: "English" },
            { value: "ru", label: "Русский" },
          ]}
          {...form.register("defaultLocale")}
          error={errors.defaultLocale?.message}
        />
        <Group>
          <Button type="submit" loading={isSubmitting}>
            {t("company.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

// ---------------------------------------------------------------------------------------------
// Step 3: the two department heads

const HEAD_ROLES = ["marketing_head", "sales_head"] as const;
type HeadRole = (typeof HEAD_ROLES)[number];
const USERS_KEY = ["users"] as const;

function HeadsStep({ onBack, onDone }: { onBack: () => void; onDone: () => Promise<void> }) {
  const { t } = useTranslation("firstRun");
  const users = useQuery({ queryKey: USERS_KEY, queryFn: () => ok(api.GET("/api/v1/users")) });
  // One-time passwords of the heads created here, shown once (gone after leaving the page).
  const [created, setCreated] = useState<Partial<Record<HeadRole, string>>>({});
  const [finishing, setFinishing] = useState(false);
  const [finishError, setFinishError] = useState<string>();
  if (users.isPending) return <Loading />;
  if (users.isError) return <ErrorState error={users.error} onRetry={() => void users.refetch()} />;
  const headOf = (role: HeadRole) => users.data.find((u) => u.role === role && u.disabledAt === null);
  const complete = HEAD_ROLES.every((r) => headOf(r) !== undefined);

  const finish = async () => {
    setFinishing(true);
    setFinishError(undefined);
    try {
      await ok(api.POST("/api/v1/settings/setup-done"));
      await onDone();
    } catch (e) {
      setFinishError(e instanceof Error ? e.message : String(e));
    } finally {
      setFinishing(false);
    }
  };

  return (
    <Stack>
      <Title order={2} size="h4">
        {t("heads.title")}
      </Title>
      <Text size="sm">{t("heads.why")}</Text>
      {HEAD_ROLES.map((role) => {
        const head = headOf(role);
        const password = created[role];
        return (
          <Paper key={role} withBorder p="md" radius="sm" data-testid={`first-run-head-${role}`}>
            <Stack gap="sm">
              <Title order={3} size="h5">
                {t(`common:roles.${role}`)}
              </Title>
              {head ? (
                <>
                  <Text size="sm">
                    {t("heads.exists", { name: head.name, email: head.email })}
                    {head.passwordSetAt === null && !password && (
                      <Text span c="dimmed" size="sm">
                        {" "}
                        — {t("heads.mustSet")}
                      </Text>
                    )}
                  </Text>
                  {password && (
                    <OneTimePassword
                      password={password}
                      title={t("heads.passwordTitle", { name: head.name })}
                      words={t("heads.passwordWords")}
                      copy={t("heads.copy")}
                      copied={t("heads.copied")}
                      copyLabel={t("heads.copyLabel", { name: head.name })}
                      testId={`one-time-password-${role}`}
                    />
                  )}
                </>
              ) : (
                <HeadForm
                  role={role}
                  onCreated={async (otp) => {
                    if (otp) setCreated((c) => ({ ...c, [role]: otp }));
                    await users.refetch();
                  }}
                />
              )}
            </Stack>
          </Paper>
        );
      })}
      <ServerError message={finishError} />
      {!complete && (
        <Text size="sm" c="dimmed">
          {t("heads.missing")}
        </Text>
      )}
      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          {t("heads.back")}
        </Button>
        <Button
          onClick={() => void finish()}
          disabled={!complete}
          loading={finishing}
          data-testid="first-run-finish"
        >
          {t("heads.finish")}
        </Button>
      </Group>
    </Stack>
  );
}

function HeadForm({ role, onCreated }: { role: HeadRole; onCreated: (otp: string | null) => Promise<void> }) {
  const { t } = useTranslation("firstRun");
  const schema = z.object({
    name: z.string().trim().min(1, t("heads.required")).max(200),
    email: z
      .string()
      .trim()
      .min(1, t("heads.required"))
      .pipe(z.email(t("heads.badEmail"))),
  });
  type Values = z.infer<typeof schema>;
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { name: "", email: "" } });
  const { errors, isSubmitting } = form.formState;
  const roleName = t(`common:roles.${role}`);
  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const r = await ok(api.POST("/api/v1/users", { body: { ...values, role } }));
      await onCreated(r.oneTimePassword);
    } catch (e) {
      applyApiError(e, form.setError, ["name", "email"]);
    }
  });
  return (
    <form onSubmit={onSubmit} noValidate data-testid={`first-run-head-form-${role}`}>
      <Stack gap="sm">
        <ServerError message={errors.root?.server?.message} />
        <Group grow align="flex-start" wrap="wrap" preventGrowOverflow={false}>
          <TextInput
            label={t("heads.name")}
            aria-label={`${t("heads.name")}: ${roleName}`}
            miw={200}
            {...form.register("name")}
            error={errors.name?.message}
          />
          <TextInput
            label={t("heads.email")}
            aria-label={`${t("heads.email")}: ${roleName}`}
            type="email"
            miw={200}
            {...form.register("email")}
            error={errors.email?.message}
          />
        </Group>
        <Group>
          <Button type="submit" variant="light" loading={isSubmitting}>
            {t("heads.create", { role: roleName.toLowerCase() })}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
