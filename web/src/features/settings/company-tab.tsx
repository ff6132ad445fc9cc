import "../../ui/zod-locale";
import { zodResolver } from "@hookform/resolvers/zod";
import { Alert, Button, Group, NativeSelect, Stack, Text, TextInput, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { api, ok } from "../../api/client";
import { ME_KEY } from "../../api/session";
import { applyApiError } from "../../ui/form-errors";
import { ErrorState, Loading } from "../../ui/states";

/** The company-wide settings as read by everyone; invalidated here on save. */
export const SETTINGS_KEY = ["settings"] as const;

type Locale = "en" | "ru";
const LANGUAGES: readonly { value: Locale; label: string }[] = [
  { value: "en", label: "English" },
  { value: "ru", label: "Русский" },
];

/** Settings → Company: the company's name (shown in the header) and its default interface language. */
export function CompanyTab() {
  const { t } = useTranslation("settings");
  const settings = useQuery({ queryKey: SETTINGS_KEY, queryFn: () => ok(api.GET("/api/v1/settings")) });
  return (
    <Stack gap="md" maw={520}>
      <Title order={2} size="h3">
        {t("company.title")}
      </Title>
      {settings.isPending ? (
        <Loading />
      ) : settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <CompanyForm
          companyName={settings.data.companyName ?? ""}
          defaultLocale={settings.data.defaultLocale}
        />
      )}
    </Stack>
  );
}

function CompanyForm(initial: { companyName: string; defaultLocale: Locale }) {
  const { t } = useTranslation("settings");
  const qc = useQueryClient();
  const [saved, setSaved] = useState(false);
  const schema = z.object({
    companyName: z.string().trim().min(1, t("company.required")).max(200),
    defaultLocale: z.enum(["en", "ru"]),
  });
  type Values = z.infer<typeof schema>;
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: initial });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (body) => {
    setSaved(false);
    try {
      const next = await ok(api.PUT("/api/v1/settings", { body }));
      form.reset({ companyName: next.companyName ?? body.companyName, defaultLocale: next.defaultLocale });
      await Promise.all([
        qc.invalidateQueries({ queryKey: ME_KEY }),
        qc.invalidateQueries({ queryKey: SETTINGS_KEY }),
      ]);
      setSaved(true);
    } catch (e) {
      applyApiError(e, form.setError, ["companyName", "defaultLocale"]);
    }
  });
  return (
    <form onSubmit={onSubmit} noValidate data-testid="company-form">
      <Stack gap="md">
        {errors.root?.server && (
          <Alert color="red" role="alert">
            {errors.root.server.message}
          </Alert>
        )}
        <TextInput
          label={t("company.name")}
          description={t("company.nameHint")}
          autoComplete="organization"
          data-testid="company-name"
          {...form.register("companyName", { onChange: () => setSaved(false) })}
          error={errors.companyName?.message}
        />
        <NativeSelect
          label={t("company.language")}
          description={t("company.languageHint")}
          data={LANGUAGES.map((l) => ({ ...l }))}
          data-testid="company-language"
          {...form.register("defaultLocale", { onChange: () => setSaved(false) })}
          error={errors.defaultLocale?.message}
        />
        <Group gap="md">
          <Button type="submit" loading={isSubmitting} data-testid="company-save">
            {t("company.save")}
          </Button>
          <div role="status" aria-live="polite">
            {saved && (
              <Text size="sm" c="teal.8" data-testid="company-saved">
                {t("company.saved")}
              </Text>
            )}
          </div>
        </Group>
      </Stack>
    </form>
  );
}
