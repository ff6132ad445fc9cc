import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useRef } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { api, ok, setCsrfToken } from "../../api/client";
import { useMe, useResetSession } from "../../api/session";
import { saveLanguage } from "../../app/language";
import { isLanguage } from "../../i18n";
import { applyApiError } from "../../ui/form-errors";
import { LanguageSwitch } from "../../ui/language-switch";

// Two required fields need no schema library: zod loads later, with the screens that need it.
interface Values {
  email: string;
  password: string;
}

/** Only paths of this app are followed after sign-in (never another site). */
function safeNext(next: string | null): string {
  // Browsers read "/\evil.example" as "//evil.example": refuse a second slash of either kind.
  return next?.startsWith("/") && !/^\/[\\/]/.test(next) ? next : "/";
}

/** Sign in with e-mail and password; the language can be chosen before. */
export function SignInPage() {
  const { t, i18n } = useTranslation("auth");
  const me = useMe();
  const reset = useResetSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const form = useForm<Values>({ defaultValues: { email: "", password: "" } });
  const { errors, isSubmitting } = form.formState;
  // A language picked here becomes the person's own (else theirs or the company's applies after sign-in).
  const picked = useRef(false);

  if (me.data) return <Navigate to={safeNext(params.get("next"))} replace />;

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const signedIn = await ok(api.POST("/api/v1/auth/sign-in", { body: values }));
      if (picked.current && isLanguage(i18n.language)) {
        setCsrfToken(signedIn.csrfToken);
        await saveLanguage(i18n.language);
      }
      await reset();
      void navigate(safeNext(params.get("next")), { replace: true });
    } catch (e) {
      applyApiError(e, form.setError, ["email", "password"]);
    }
  });

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder p="xl" w="100%" maw={380} radius="md">
        <form onSubmit={onSubmit} noValidate>
          <Stack>
            <Title order={1} size="h2">
              {t("title")}
            </Title>
            <Text size="sm" c="dimmed">
              {t("subtitle")}
            </Text>
            {errors.root?.server && (
              <Alert color="red" role="alert" data-testid="sign-in-error">
                {errors.root.server.message}
              </Alert>
            )}
            <TextInput
              label={t("email")}
              type="email"
              autoComplete="username"
              autoFocus
              {...form.register("email", { validate: (v) => v.trim() !== "" })}
              error={errors.email && (errors.email.type === "server" ? errors.email.message : t("required"))}
            />
            <PasswordInput
              label={t("password")}
              autoComplete="current-password"
              {...form.register("password", { required: true })}
              error={
                errors.password &&
                (errors.password.type === "server" ? errors.password.message : t("required"))
              }
            />
            <Button type="submit" loading={isSubmitting}>
              {t("submit")}
            </Button>
            <LanguageSwitch
              long
              onPick={() => {
                picked.current = true;
              }}
            />
            <Text size="xs" c="dimmed">
              {t("firstRunHint")}
            </Text>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
