import { Alert, Progress, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { api, ok } from "../../api/client";

/**
 * The activation of a version and its background regrade: polls the job's progress every second
 * until it is done (a progress bar with leads regraded of total, and how many grades changed), then
 * calls onDone once. Renders nothing for a version that was never activated. The result is shown
 * only to the person who just activated it (`justStarted`); anyone opening an active version whose
 * regrade still runs sees the progress.
 */
export function ActivationProgress({
  version,
  justStarted,
  onDone,
}: {
  version: number;
  justStarted: boolean;
  onDone: () => void;
}) {
  const { t } = useTranslation("workshop");
  const activation = useQuery({
    queryKey: ["activation", version],
    queryFn: () => ok(api.GET("/api/v1/definitions/{version}/activation", { params: { path: { version } } })),
    refetchInterval: (q) => (q.state.data && q.state.data.status !== "done" ? 1000 : false),
    retry: false,
  });
  const status = activation.data?.status;
  const seen = useRef(status);
  useEffect(() => {
    // Done after we saw it running (or just started it): every grade may have changed.
    if (status === "done" && seen.current !== "done") onDone();
    seen.current = status;
  }, [status, onDone]);

  const a = activation.data;
  if (!a) return null;
  const { total, done, changed } = a.progress;
  if (a.status === "done") {
    if (!justStarted) return null;
    return (
      <Alert color="green" data-testid="activation-result" data-regraded={done} data-changed={changed}>
        {t("workflow.activated", {
          version: a.version,
          regraded: done,
          retired: a.retiredVersion !== null ? t("workflow.retired", { version: a.retiredVersion }) : "",
        })}{" "}
        {t("workflow.changed", { count: changed })}.
      </Alert>
    );
  }
  const percent = total === 0 ? 0 : Math.min(100, (done / total) * 100);
  return (
    <Stack
      gap={4}
      data-testid="activation-progress"
      data-done={done}
      data-total={total}
      role="status"
      aria-live="polite"
    >
      <Text size="sm" fw={600}>
        {t("workflow.progressTitle", { version: a.version })}
      </Text>
      <Progress value={percent} animated striped aria-label={t("workflow.progressLabel")} />
      <Text size="sm">
        {t("workflow.progress", { done, total })} · {t("workflow.changed", { count: changed })}
      </Text>
      {a.status === "queued" && (
        <Text size="xs" c="dimmed">
          {t("workflow.queued")}
        </Text>
      )}
      {a.status === "retrying" && (
        <Text size="xs" c="orange">
          {t("workflow.retrying")}
        </Text>
      )}
    </Stack>
  );
}
