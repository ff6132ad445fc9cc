import { Alert, Button, Center, Loader, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/client";

/** The one loading state: a spinner with words for screen readers. */
export function Loading() {
  const { t } = useTranslation();
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Loader size="sm" aria-hidden />
      <Text ml="sm" c="dimmed">
        {t("loading")}
      </Text>
    </Center>
  );
}

/** The one error state: the server's message in the user's language, its code, and a retry. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const message = error instanceof Error ? error.message : String(error);
  return (
    <Alert color="red" title={t("error")} role="alert" my="md">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{message}</Text>
        {error instanceof ApiError && (
          <Text size="xs" c="dimmed" ff="monospace">
            {error.code}
          </Text>
        )}
        {onRetry && (
          <Button size="xs" variant="light" onClick={onRetry}>
            {t("retry")}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

/** An empty state that says what to do next. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Stack align="center" gap="xs" py="xl" ta="center">
      <Text fw={600}>{title}</Text>
      {children}
    </Stack>
  );
}
