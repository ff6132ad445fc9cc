import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ok } from "../../api/client";
import type { Me, Role } from "../../api/session";
import { ErrorState } from "../../ui/states";
import { ActivationProgress } from "./activation-progress";
import { MAY, type VersionView } from "./api";

/**
 * Propose / approve / activate for one stored version: only the steps this person may take now.
 * Activation asks once, in words (how many leads, how many grades change: a simulation of the
 * version); the server answers at once and regrades in the background, and the progress shows
 * below the buttons (ActivationProgress) until the result.
 */
export function WorkflowActions({ version, me }: { version: VersionView; me: Me }) {
  const { t } = useTranslation("workshop");
  const { t: tc } = useTranslation();
  const qc = useQueryClient();
  const role = me.role as Role;
  const [confirming, setConfirming] = useState(false);
  const v = version.version;

  const refresh = async () => {
    await Promise.all([
      qc.invalidateQueries({ queryKey: ["definitions"] }),
      qc.invalidateQueries({ queryKey: ["catalogue"] }),
    ]);
  };
  const propose = useMutation({
    mutationFn: () =>
      ok(api.POST("/api/v1/definitions/{version}/propose", { params: { path: { version: v } } })),
    onSuccess: refresh,
  });
  const approve = useMutation({
    mutationFn: () =>
      ok(api.POST("/api/v1/definitions/{version}/approve", { params: { path: { version: v } } })),
    onSuccess: refresh,
  });
  const [started, setStarted] = useState(false);
  const activate = useMutation({
    mutationFn: () =>
      ok(api.POST("/api/v1/definitions/{version}/activate", { params: { path: { version: v } } })),
    onSuccess: async (job) => {
      setConfirming(false);
      setStarted(true);
      qc.setQueryData(["activation", v], job);
      await refresh();
    },
  });
  // When the regrade is done every grade may have changed: lists and lead pages read again.
  const regraded = useCallback(() => {
    void qc.invalidateQueries({ queryKey: ["leads"] });
    void qc.invalidateQueries({ queryKey: ["lead"] });
  }, [qc]);
  // How many leads the activation regrades: the open leads a simulation of this version grades.
  const count = useQuery({
    queryKey: ["simulate-version", v],
    queryFn: () => ok(api.POST("/api/v1/definitions/simulate", { body: { version: v } })),
    enabled: confirming,
    staleTime: 10_000,
  });

  const mayPropose = version.status === "draft" && MAY.propose.includes(role);
  const mine = version.approvals.find((a) => a.role === role);
  const approvedByMe = version.approvals.some((a) => a.userId === me.id);
  const mayApprove = version.status === "proposed" && MAY.approve.includes(role) && !mine && !approvedByMe;
  const mayActivate = version.status === "approved" && MAY.activate.includes(role);
  const error = propose.error ?? approve.error ?? (confirming ? null : activate.error);

  return (
    <Stack gap="xs" data-testid="workflow">
      <Group gap="xs" wrap="wrap">
        {mayPropose && (
          <Button
            size="sm"
            onClick={() => propose.mutate()}
            loading={propose.isPending}
            data-testid="propose"
          >
            {t("workflow.propose")}
          </Button>
        )}
        {mayApprove && (
          <Button
            size="sm"
            onClick={() => approve.mutate()}
            loading={approve.isPending}
            data-testid="approve"
          >
            {t("workflow.approve", { role: tc(`roles.${role}`) })}
          </Button>
        )}
        {mayActivate && (
          <Button size="sm" onClick={() => setConfirming(true)} data-testid="activate">
            {t("workflow.activate")}
          </Button>
        )}
      </Group>
      {version.status === "draft" && mayPropose && (
        <Text size="xs" c="dimmed">
          {t("workflow.needsPropose")}
        </Text>
      )}
      {version.status === "proposed" && (
        <Text size="sm" c="dimmed">
          {t("workflow.waitingFor")}
        </Text>
      )}
      {error && <ErrorState error={error} />}
      {(started || version.status === "active") && (
        <ActivationProgress version={v} justStarted={started} onDone={regraded} />
      )}
      <Modal
        opened={confirming}
        onClose={() => !activate.isPending && setConfirming(false)}
        title={t("workflow.activateTitle", { version: v })}
        closeOnClickOutside={!activate.isPending}
        closeOnEscape={!activate.isPending}
        withCloseButton={!activate.isPending}
      >
        <Stack gap="sm">
          <Text size="sm">
            {count.data?.activeVersion != null
              ? t("workflow.activateBody", { version: v, old: count.data.activeVersion })
              : t("workflow.activateBodyNoOld", { version: v })}
          </Text>
          {count.data && (
            <Text size="sm" fw={600} data-testid="activation-count" data-total={count.data.total}>
              {t("simulation.total", { count: count.data.total })} ·{" "}
              {t("simulation.changed", { count: changedIn(count.data.matrix) })}
            </Text>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={() => setConfirming(false)} disabled={activate.isPending}>
              {tc("cancel")}
            </Button>
            <Button
              onClick={() => activate.mutate()}
              loading={activate.isPending}
              data-testid="activate-confirm"
            >
              {t("workflow.activateConfirm")}
            </Button>
          </Group>
          {activate.error && <ErrorState error={activate.error} />}
        </Stack>
      </Modal>
    </Stack>
  );
}

/** Leads off the diagonal: those whose grade the version changes. */
function changedIn(matrix: Readonly<Record<string, Readonly<Record<string, number>>>>): number {
  let n = 0;
  for (const [from, row] of Object.entries(matrix))
    for (const [to, c] of Object.entries(row)) if (to !== from) n += c;
  return n;
}
