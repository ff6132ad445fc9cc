import "../../ui/zod-locale";
import { zodResolver } from "@hookform/resolvers/zod";
import {
  Alert,
  Button,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useEffect, useState } from "react";
import { Controller, type FieldValues, type Path, type UseFormReturn, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { z } from "zod";
import { ApiError, api, ok } from "../../api/client";
import { type Catalogue, useLocalText } from "../../api/definition";
import type { Me } from "../../api/session";
import { useFormat } from "../../i18n/format";
import { applyApiError } from "../../ui/form-errors";
import {
  CHANNELS,
  type Dispute,
  evidenceNow,
  type LeadDetail,
  type MovePath,
  parseFactInput,
  useFactValue,
  useRefresh,
  useWho,
} from "./data";
import { FactValueInput } from "./fact-input";

type Dialog = "record" | "reject" | "win" | "lose" | "dispute" | "resolve" | null;

/** Moves taken with one click: nothing to fill in. */
const ONE_CLICK = ["nurture", "hand-off", "accept", "opportunity", "recycle"] as const;
type OneClick = (typeof ONE_CLICK)[number];
const isOneClick = (m: MovePath): m is OneClick => (ONE_CLICK as readonly string[]).includes(m);

interface Props {
  readonly lead: LeadDetail;
  readonly me: Me;
  readonly catalogue: Catalogue;
}

/**
 * Exactly the actions the server lists for this person and this lead, each of which succeeds when
 * taken; nothing greyed out. Steps that cannot be undone say so, once, in their dialog.
 */
export function LeadActions({ lead, me, catalogue }: Props) {
  const { t } = useTranslation("lead");
  const id = lead.lead.id;
  const refresh = useRefresh(id);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState<MovePath | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [params, setParams] = useSearchParams();
  const moves = lead.availableMoves;
  const actions = lead.availableActions;

  // The inbox's `r` opens a lead with ?action=reject: open the dialog once, if rejecting is possible.
  const wanted = params.get("action");
  useEffect(() => {
    if (wanted === "reject" && moves.includes("reject")) setDialog("reject");
    if (wanted !== null) {
      const next = new URLSearchParams(params);
      next.delete("action");
      setParams(next, { replace: true });
    }
  }, [wanted, moves, params, setParams]);

  const oneClick = async (move: OneClick) => {
    setBusy(move);
    setError(null);
    try {
      await ok(
        api.POST(`/api/v1/leads/{id}/${move}` as "/api/v1/leads/{id}/nurture", {
          params: { path: { id } },
          body: {},
        }),
      );
      await refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };
  const close = () => setDialog(null);
  const done = async () => {
    setDialog(null);
    await refresh();
  };

  if (moves.length === 0 && actions.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="lead-no-actions">
        {t("noActions")}
      </Text>
    );
  const primary = (m: MovePath) => m === "accept" || m === "hand-off";
  return (
    <Stack gap="xs" component="section" aria-label={t("actions")}>
      <Group gap="xs" data-testid="lead-actions">
        {moves.map((m) =>
          isOneClick(m) ? (
            <Button
              key={m}
              size="sm"
              variant={primary(m) ? "filled" : "default"}
              loading={busy === m}
              onClick={() => void oneClick(m)}
              data-testid={`move-${m}`}
            >
              {t(`moves.${m}`)}
            </Button>
          ) : (
            <Button
              key={m}
              size="sm"
              variant={m === "reject" ? "outline" : "default"}
              color={m === "reject" ? "red.9" : undefined}
              onClick={() => setDialog(m === "reject" ? "reject" : m === "win" ? "win" : "lose")}
              data-testid={`move-${m}`}
            >
              {t(`moves.${m}`)}
            </Button>
          ),
        )}
        {actions.includes("record_facts") && (
          <Button
            size="sm"
            variant="default"
            onClick={() => setDialog("record")}
            data-testid="action-record-fact"
          >
            {t("recordFact")}
          </Button>
        )}
        {actions.includes("open_dispute") && lead.facts.some((f) => f.value !== null) && (
          <Button
            size="sm"
            variant="default"
            onClick={() => setDialog("dispute")}
            data-testid="action-open-dispute"
          >
            {t("openDispute")}
          </Button>
        )}
        {actions.includes("resolve_dispute") && (
          <Button
            size="sm"
            variant="filled"
            onClick={() => setDialog("resolve")}
            data-testid="action-resolve-dispute"
          >
            {t("resolveDispute")}
          </Button>
        )}
      </Group>
      {error && (
        <Alert color="red" role="alert" data-testid="action-error">
          {error}
        </Alert>
      )}
      {dialog === "record" && (
        <RecordFactDialog lead={lead} me={me} catalogue={catalogue} onClose={close} onDone={done} />
      )}
      {dialog === "reject" && (
        <RejectDialog lead={lead} me={me} catalogue={catalogue} onClose={close} onDone={done} />
      )}
      {dialog === "win" && <WinDialog lead={lead} onClose={close} onDone={done} />}
      {dialog === "lose" && <LoseDialog lead={lead} catalogue={catalogue} onClose={close} onDone={done} />}
      {dialog === "dispute" && (
        <DisputeDialog lead={lead} me={me} catalogue={catalogue} onClose={close} onDone={done} />
      )}
      {dialog === "resolve" && (
        <ResolveDialog lead={lead} me={me} catalogue={catalogue} onClose={close} onDone={done} />
      )}
    </Stack>
  );
}

interface DialogProps {
  readonly lead: LeadDetail;
  readonly onClose: () => void;
  readonly onDone: () => Promise<void>;
}

/** The server's refusal that belongs to no field, above the buttons. */
function RootError<T extends FieldValues>({ form }: { form: UseFormReturn<T> }) {
  const e = form.formState.errors.root?.server;
  return e ? (
    <Alert color="red" role="alert" data-testid="dialog-error">
      {e.message}
    </Alert>
  ) : null;
}

function Buttons({
  submit,
  busy,
  onClose,
  danger,
}: {
  submit: string;
  busy: boolean;
  onClose: () => void;
  danger?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end" gap="xs">
      <Button variant="default" onClick={onClose}>
        {t("cancel")}
      </Button>
      <Button type="submit" loading={busy} color={danger ? "red.9" : undefined} data-testid="dialog-submit">
        {submit}
      </Button>
    </Group>
  );
}

function useFieldError() {
  const { t } = useTranslation("lead");
  return (e: { type?: string; message?: string } | undefined) =>
    e ? (e.type === "server" || e.type === "custom" ? e.message : t("form.required")) : undefined;
}

function ChannelSelect<T extends FieldValues>({ form, name }: { form: UseFormReturn<T>; name: Path<T> }) {
  const { t } = useTranslation("lead");
  return (
    <Controller
      control={form.control}
      name={name}
      render={({ field, fieldState }) => (
        <Select
          label={t("form.channel")}
          data={CHANNELS.map((c) => ({ value: c, label: t(`channels.${c}`) }))}
          value={field.value as string}
          onChange={(v) => field.onChange(v ?? "call")}
          allowDeselect={false}
          error={fieldState.error?.message}
          data-testid="field-channel"
        />
      )}
    />
  );
}

const recordSchema = z.object({
  facts: z.tuple([
    z.object({
      fact: z.string().min(1),
      value: z.string(),
      evidence: z.object({ channel: z.string().min(1), quote: z.string().max(4000) }),
    }),
  ]),
});
type RecordValues = z.infer<typeof recordSchema>;

function RecordFactDialog({
  lead,
  me,
  catalogue,
  onClose,
  onDone,
}: DialogProps & { me: Me; catalogue: Catalogue }) {
  const { t } = useTranslation("lead");
  const local = useLocalText();
  const fieldError = useFieldError();
  const ask = lead.askNext[0]?.fact ?? "";
  const form = useForm<RecordValues>({
    resolver: zodResolver(recordSchema),
    defaultValues: { facts: [{ fact: ask, value: "", evidence: { channel: "call", quote: "" } }] },
  });
  const factKey = form.watch("facts.0.fact");
  const fact = catalogue.facts.find((f) => f.key === factKey);
  const onSubmit = form.handleSubmit(async (v) => {
    const entry = v.facts[0];
    const value = parseFactInput(fact, entry.value);
    if (value === undefined) {
      form.setError("facts.0.value", {
        type: "custom",
        message: t(fact?.type === "number" ? "form.notANumber" : "form.required"),
      });
      return;
    }
    try {
      await ok(
        api.POST("/api/v1/leads/{id}/facts", {
          params: { path: { id: lead.lead.id } },
          body: {
            facts: [
              {
                fact: entry.fact,
                value,
                evidence: evidenceNow(me.email, entry.evidence.channel, entry.evidence.quote),
              },
            ],
          },
        }),
      );
      await onDone();
    } catch (e) {
      applyApiError(e, form.setError, [
        "facts.0.fact",
        "facts.0.value",
        "facts.0.evidence.quote",
        "facts.0.evidence.channel",
      ]);
    }
  });
  const errors = form.formState.errors.facts?.[0];
  return (
    <Modal
      opened
      onClose={onClose}
      closeButtonProps={{ "aria-label": t("close", { ns: "common" }) }}
      title={t("record.title")}
      size="lg"
      data-testid="dialog-record-fact"
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <RootError form={form} />
          <Controller
            control={form.control}
            name="facts.0.fact"
            render={({ field }) => (
              <Select
                label={t("form.fact")}
                placeholder={t("form.pickFact")}
                data={catalogue.facts.map((f) => ({ value: f.key, label: local(f.label) }))}
                value={field.value || null}
                onChange={(v) => {
                  field.onChange(v ?? "");
                  form.setValue("facts.0.value", "");
                }}
                allowDeselect={false}
                searchable
                error={fieldError(errors?.fact)}
                data-testid="field-fact"
              />
            )}
          />
          {fact?.guide && (
            <Text size="xs" c="dimmed" data-testid="fact-guide">
              {local(fact.guide)}
            </Text>
          )}
          {fact && (
            <Controller
              control={form.control}
              name="facts.0.value"
              render={({ field }) => (
                <FactValueInput
                  fact={fact}
                  label={t("form.value")}
                  value={field.value}
                  onChange={field.onChange}
                  error={fieldError(errors?.value)}
                  allowUnknown
                  testId="field-value"
                />
              )}
            />
          )}
          <ChannelSelect form={form} name="facts.0.evidence.channel" />
          <Textarea
            label={t("form.quote")}
            description={t("form.quoteHint")}
            autosize
            minRows={2}
            {...form.register("facts.0.evidence.quote")}
            error={fieldError(errors?.evidence?.quote)}
            data-testid="field-quote"
          />
          <Buttons submit={t("record.submit")} busy={form.formState.isSubmitting} onClose={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}

const rejectSchema = z.object({
  mode: z.enum(["fact", "reason"]),
  fact: z.string(),
  observedValue: z.string(),
  reason: z.string(),
  note: z.string().max(4000),
  evidence: z.object({ channel: z.string(), quote: z.string().max(4000) }),
});
type RejectValues = z.infer<typeof rejectSchema>;

function RejectDialog({
  lead,
  me,
  catalogue,
  onClose,
  onDone,
}: DialogProps & { me: Me; catalogue: Catalogue }) {
  const { t } = useTranslation("lead");
  const local = useLocalText();
  const show = useFactValue();
  const fieldError = useFieldError();
  const known = lead.facts.filter((f) => f.value !== null);
  const form = useForm<RejectValues>({
    resolver: zodResolver(rejectSchema),
    defaultValues: {
      mode: known.length > 0 ? "fact" : "reason",
      fact: known[0]?.fact ?? "",
      observedValue: "",
      reason: "",
      note: "",
      evidence: { channel: "call", quote: "" },
    },
  });
  const mode = form.watch("mode");
  const factKey = form.watch("fact");
  const fact = catalogue.facts.find((f) => f.key === factKey);
  const current = lead.facts.find((f) => f.fact === factKey);
  const onSubmit = form.handleSubmit(async (v) => {
    let body: Record<string, unknown>;
    if (v.mode === "reason") {
      if (!v.reason) return form.setError("reason", { type: "required" });
      body = { reason: v.reason, ...(v.note.trim() ? { note: v.note.trim() } : {}) };
    } else {
      if (!v.fact) return form.setError("fact", { type: "required" });
      const observed = parseFactInput(fact, v.observedValue);
      if (observed === undefined) return form.setError("observedValue", { type: "required" });
      body = {
        fact: v.fact,
        observedValue: observed,
        evidence: evidenceNow(me.email, v.evidence.channel, v.evidence.quote),
        ...(v.note.trim() ? { note: v.note.trim() } : {}),
      };
    }
    try {
      await ok(api.POST("/api/v1/leads/{id}/reject", { params: { path: { id: lead.lead.id } }, body }));
      await onDone();
    } catch (e) {
      applyApiError(e, form.setError, ["fact", "observedValue", "reason", "note", "evidence.quote"]);
    }
  });
  return (
    <Modal
      opened
      onClose={onClose}
      closeButtonProps={{ "aria-label": t("close", { ns: "common" }) }}
      title={t("reject.title")}
      size="lg"
      data-testid="dialog-reject"
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <RootError form={form} />
          <Controller
            control={form.control}
            name="mode"
            render={({ field }) => (
              <Stack gap={4}>
                <Text size="sm" fw={500} id="reject-cite">
                  {t("reject.cite")}
                </Text>
                <SegmentedControl
                  aria-labelledby="reject-cite"
                  value={field.value}
                  onChange={(v) => field.onChange(v)}
                  data={[
                    { value: "fact", label: t("reject.byFact"), disabled: known.length === 0 },
                    { value: "reason", label: t("reject.byReason") },
                  ]}
                  data-testid="field-reject-mode"
                />
              </Stack>
            )}
          />
          {mode === "fact" && known.length === 0 && <Text size="sm">{t("reject.noFacts")}</Text>}
          {mode === "fact" && known.length > 0 && (
            <>
              <Controller
                control={form.control}
                name="fact"
                render={({ field }) => (
                  <Select
                    label={t("form.fact")}
                    data={known.map((f) => {
                      const def = catalogue.facts.find((c) => c.key === f.fact);
                      return {
                        value: f.fact,
                        label: `${local(def?.label) || f.fact}: ${show(def, f.value)}`,
                      };
                    })}
                    value={field.value || null}
                    onChange={(v) => {
                      field.onChange(v ?? "");
                      form.setValue("observedValue", "");
                    }}
                    allowDeselect={false}
                    error={fieldError(form.formState.errors.fact)}
                    data-testid="field-fact"
                  />
                )}
              />
              {current && (
                <Text size="xs" c="dimmed">
                  {t("dispute.current", { value: show(fact, current.value) })}
                </Text>
              )}
              <Controller
                control={form.control}
                name="observedValue"
                render={({ field }) => (
                  <FactValueInput
                    fact={fact}
                    label={t("reject.observed")}
                    value={field.value}
                    onChange={field.onChange}
                    error={fieldError(form.formState.errors.observedValue)}
                    allowUnknown
                    testId="field-observed"
                  />
                )}
              />
              <ChannelSelect form={form} name="evidence.channel" />
              <Textarea
                label={t("form.quote")}
                description={t("form.quoteHint")}
                autosize
                minRows={2}
                {...form.register("evidence.quote")}
                data-testid="field-quote"
              />
            </>
          )}
          {mode === "reason" && (
            <Controller
              control={form.control}
              name="reason"
              render={({ field }) => (
                <Select
                  label={t("reject.reason")}
                  data={catalogue.rejectionReasons.map((r) => ({ value: r.key, label: local(r.label) }))}
                  value={field.value || null}
                  onChange={(v) => field.onChange(v ?? "")}
                  allowDeselect={false}
                  error={fieldError(form.formState.errors.reason)}
                  data-testid="field-reason"
                />
              )}
            />
          )}
          <Textarea
            label={t("form.note")}
            autosize
            minRows={2}
            {...form.register("note")}
            data-testid="field-note"
          />
          <Alert color="yellow" variant="light">
            {t("reject.warn")}
          </Alert>
          <Buttons submit={t("reject.submit")} busy={form.formState.isSubmitting} onClose={onClose} danger />
        </Stack>
      </form>
    </Modal>
  );
}

const winSchema = z.object({ amount: z.string().min(1), currency: z.string().trim().min(1) });
type WinValues = z.infer<typeof winSchema>;

function WinDialog({ lead, onClose, onDone }: DialogProps) {
  const { t, i18n } = useTranslation("lead");
  const fieldError = useFieldError();
  const form = useForm<WinValues>({
    resolver: zodResolver(winSchema),
    defaultValues: { amount: "", currency: i18n.language === "ru" ? "RUB" : "EUR" },
  });
  const onSubmit = form.handleSubmit(async (v) => {
    const amount = Number(v.amount.replace(/\s/g, "").replace(",", "."));
    if (!Number.isFinite(amount))
      return form.setError("amount", { type: "custom", message: t("form.notANumber") });
    try {
      await ok(
        api.POST("/api/v1/leads/{id}/win", {
          params: { path: { id: lead.lead.id } },
          body: { amount, currency: v.currency.trim().toUpperCase() },
        }),
      );
      await onDone();
    } catch (e) {
      if (e instanceof ApiError && e.code === "lifecycle.bad_amount")
        form.setError("amount", { type: "server", message: e.message });
      else if (e instanceof ApiError && e.code === "lifecycle.bad_currency")
        form.setError("currency", { type: "server", message: e.message });
      else applyApiError(e, form.setError, ["amount", "currency"]);
    }
  });
  return (
    <Modal
      opened
      onClose={onClose}
      closeButtonProps={{ "aria-label": t("close", { ns: "common" }) }}
      title={t("win.title")}
      data-testid="dialog-win"
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <RootError form={form} />
          <TextInput
            label={t("win.amount")}
            inputMode="decimal"
            {...form.register("amount")}
            error={fieldError(form.formState.errors.amount)}
            data-testid="field-amount"
          />
          <TextInput
            label={t("win.currency")}
            description={t("win.currencyHint")}
            maxLength={3}
            {...form.register("currency")}
            error={fieldError(form.formState.errors.currency)}
            data-testid="field-currency"
          />
          <Alert color="yellow" variant="light">
            {t("win.warn")}
          </Alert>
          <Buttons submit={t("win.submit")} busy={form.formState.isSubmitting} onClose={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}

const loseSchema = z.object({ reason: z.string().min(1), note: z.string().max(4000) });
type LoseValues = z.infer<typeof loseSchema>;

function LoseDialog({ lead, catalogue, onClose, onDone }: DialogProps & { catalogue: Catalogue }) {
  const { t } = useTranslation("lead");
  const local = useLocalText();
  const fieldError = useFieldError();
  const form = useForm<LoseValues>({
    resolver: zodResolver(loseSchema),
    defaultValues: { reason: "", note: "" },
  });
  const onSubmit = form.handleSubmit(async (v) => {
    try {
      await ok(
        api.POST("/api/v1/leads/{id}/lose", {
          params: { path: { id: lead.lead.id } },
          body: { reason: v.reason, ...(v.note.trim() ? { note: v.note.trim() } : {}) },
        }),
      );
      await onDone();
    } catch (e) {
      applyApiError(e, form.setError, ["reason", "note"]);
    }
  });
  return (
    <Modal
      opened
      onClose={onClose}
      closeButtonProps={{ "aria-label": t("close", { ns: "common" }) }}
      title={t("lose.title")}
      data-testid="dialog-lose"
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <RootError form={form} />
          <Controller
            control={form.control}
            name="reason"
            render={({ field }) => (
              <Select
                label={t("lose.reason")}
                data={catalogue.lostReasons.map((r) => ({ value: r.key, label: local(r.label) }))}
                value={field.value || null}
                onChange={(v) => field.onChange(v ?? "")}
                allowDeselect={false}
                error={fieldError(form.formState.errors.reason)}
                data-testid="field-reason"
              />
            )}
          />
          <Textarea
            label={t("form.note")}
            autosize
            minRows={2}
            {...form.register("note")}
            data-testid="field-note"
          />
          <Alert color="yellow" variant="light">
            {t("lose.warn")}
          </Alert>
          <Buttons submit={t("lose.submit")} busy={form.formState.isSubmitting} onClose={onClose} danger />
        </Stack>
      </form>
    </Modal>
  );
}

const disputeSchema = z.object({
  fact: z.string().min(1),
  claimedValue: z.string(),
  evidence: z.object({ channel: z.string(), quote: z.string().max(4000) }),
});
type DisputeValues = z.infer<typeof disputeSchema>;

function DisputeDialog({
  lead,
  me,
  catalogue,
  onClose,
  onDone,
}: DialogProps & { me: Me; catalogue: Catalogue }) {
  const { t } = useTranslation("lead");
  const local = useLocalText();
  const show = useFactValue();
  const fieldError = useFieldError();
  const known = lead.facts.filter((f) => f.value !== null);
  const rejected = lead.lead.lifecycle.response;
  const cited = rejected?.decision === "rejected" && "fact" in rejected.rejection ? rejected.rejection : null;
  const form = useForm<DisputeValues>({
    resolver: zodResolver(disputeSchema),
    defaultValues: {
      fact: cited?.fact ?? known[0]?.fact ?? "",
      claimedValue:
        cited && cited.observedValue !== null ? String(cited.observedValue) : cited ? "__unknown" : "",
      evidence: { channel: cited?.evidence.channel ?? "call", quote: cited?.evidence.quote ?? "" },
    },
  });
  const factKey = form.watch("fact");
  const fact = catalogue.facts.find((f) => f.key === factKey);
  const current = lead.facts.find((f) => f.fact === factKey);
  const onSubmit = form.handleSubmit(async (v) => {
    const claimedValue = parseFactInput(fact, v.claimedValue);
    if (claimedValue === undefined) return form.setError("claimedValue", { type: "required" });
    try {
      await ok(
        api.POST("/api/v1/leads/{id}/disputes", {
          params: { path: { id: lead.lead.id } },
          body: {
            fact: v.fact,
            claimedValue,
            evidence: evidenceNow(me.email, v.evidence.channel, v.evidence.quote),
          },
        }),
      );
      await onDone();
    } catch (e) {
      applyApiError(e, form.setError, ["fact", "claimedValue", "evidence.quote"]);
    }
  });
  return (
    <Modal
      opened
      onClose={onClose}
      closeButtonProps={{ "aria-label": t("close", { ns: "common" }) }}
      title={t("dispute.title")}
      size="lg"
      data-testid="dialog-dispute"
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <RootError form={form} />
          <Controller
            control={form.control}
            name="fact"
            render={({ field }) => (
              <Select
                label={t("form.fact")}
                data={known.map((f) => {
                  const def = catalogue.facts.find((c) => c.key === f.fact);
                  return { value: f.fact, label: local(def?.label) || f.fact };
                })}
                value={field.value || null}
                onChange={(v) => {
                  field.onChange(v ?? "");
                  form.setValue("claimedValue", "");
                }}
                allowDeselect={false}
                error={fieldError(form.formState.errors.fact)}
                data-testid="field-fact"
              />
            )}
          />
          {current && (
            <Text size="xs" c="dimmed">
              {t("dispute.current", { value: show(fact, current.value) })}
            </Text>
          )}
          <Controller
            control={form.control}
            name="claimedValue"
            render={({ field }) => (
              <FactValueInput
                fact={fact}
                label={t("dispute.claimed")}
                value={field.value}
                onChange={field.onChange}
                error={fieldError(form.formState.errors.claimedValue)}
                allowUnknown
                testId="field-claimed"
              />
            )}
          />
          <ChannelSelect form={form} name="evidence.channel" />
          <Textarea
            label={t("form.quote")}
            description={t("form.quoteHint")}
            autosize
            minRows={2}
            {...form.register("evidence.quote")}
            data-testid="field-quote"
          />
          <Buttons submit={t("dispute.submit")} busy={form.formState.isSubmitting} onClose={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}

const dismissSchema = z.object({ reason: z.string().trim().min(1).max(4000) });
type DismissValues = z.infer<typeof dismissSchema>;

function ResolveDialog({
  lead,
  me,
  catalogue,
  onClose,
  onDone,
}: DialogProps & { me: Me; catalogue: Catalogue }) {
  const { t } = useTranslation("lead");
  const open = lead.disputes.filter((d) => d.status === "open");
  return (
    <Modal
      opened
      onClose={onClose}
      closeButtonProps={{ "aria-label": t("close", { ns: "common" }) }}
      title={t("resolve.title")}
      size="lg"
      data-testid="dialog-resolve"
    >
      <Stack gap="lg">
        {open.map((d) => (
          <ResolveOne key={d.id} dispute={d} lead={lead} me={me} catalogue={catalogue} onDone={onDone} />
        ))}
      </Stack>
    </Modal>
  );
}

function ResolveOne({
  dispute,
  lead,
  me,
  catalogue,
  onDone,
}: {
  dispute: Dispute;
  lead: LeadDetail;
  me: Me;
  catalogue: Catalogue;
  onDone: () => Promise<void>;
}) {
  const { t } = useTranslation("lead");
  const local = useLocalText();
  const show = useFactValue();
  const who = useWho(me.id, lead.people);
  const fmt = useFormat();
  const fieldError = useFieldError();
  const [step, setStep] = useState<"choose" | "accept" | "dismiss">("choose");
  const def = catalogue.facts.find((f) => f.key === dispute.fact);
  const factLabel = local(def?.label) || dispute.fact;
  const value = show(def, dispute.claimedValue);
  const current = lead.facts.find((f) => f.fact === dispute.fact);
  const ev = dispute.evidence as { quote?: string; channel?: string; recordedAt?: string };
  const form = useForm<DismissValues>({
    resolver: zodResolver(dismissSchema),
    defaultValues: { reason: "" },
  });
  const resolve = async (body: { decision: "accept" } | { decision: "dismiss"; reason: string }) => {
    try {
      await ok(api.POST("/api/v1/disputes/{id}/resolve", { params: { path: { id: dispute.id } }, body }));
      await onDone();
    } catch (e) {
      applyApiError(e, form.setError, ["reason"]);
    }
  };
  return (
    <Stack gap="xs" data-testid={`dispute-${dispute.id}`}>
      <Text fw={600}>{t("resolve.claim", { who: who(dispute.openedBy), fact: factLabel, value })}</Text>
      {current && (
        <Text size="sm" c="dimmed">
          {t("resolve.recorded", { value: show(def, current.value) })}
        </Text>
      )}
      {ev.quote && (
        <Text size="sm" fs="italic">
          {t("said", { quote: ev.quote })}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {t("evidence", {
          channel: ev.channel ? t(`channels.${ev.channel}`, { defaultValue: ev.channel }) : "—",
          who: who(dispute.openedBy),
          when: fmt.dateTime(dispute.openedAt),
        })}
      </Text>
      <RootError form={form} />
      {step === "choose" && (
        <Group gap="xs">
          <Button size="sm" onClick={() => setStep("accept")} data-testid="resolve-accept">
            {t("resolve.accept")}
          </Button>
          <Button
            size="sm"
            variant="default"
            onClick={() => setStep("dismiss")}
            data-testid="resolve-dismiss"
          >
            {t("resolve.dismiss")}
          </Button>
        </Group>
      )}
      {step === "accept" && (
        <Stack gap="xs">
          <Alert color="yellow" variant="light">
            {t("resolve.acceptWarn", { value, fact: factLabel })}
          </Alert>
          <Group gap="xs" justify="flex-end">
            <Button variant="default" size="sm" onClick={() => setStep("choose")}>
              {t("cancel", { ns: "common" })}
            </Button>
            <Button
              size="sm"
              onClick={() => void resolve({ decision: "accept" })}
              data-testid="resolve-confirm-accept"
            >
              {t("resolve.confirmAccept")}
            </Button>
          </Group>
        </Stack>
      )}
      {step === "dismiss" && (
        <form
          onSubmit={form.handleSubmit((v) => resolve({ decision: "dismiss", reason: v.reason }))}
          noValidate
        >
          <Stack gap="xs">
            <Textarea
              label={t("resolve.dismissReason")}
              autosize
              minRows={2}
              {...form.register("reason")}
              error={fieldError(form.formState.errors.reason)}
              data-testid="field-dismiss-reason"
            />
            <Group gap="xs" justify="flex-end">
              <Button variant="default" size="sm" onClick={() => setStep("choose")}>
                {t("cancel", { ns: "common" })}
              </Button>
              <Button
                type="submit"
                size="sm"
                loading={form.formState.isSubmitting}
                data-testid="resolve-confirm-dismiss"
              >
                {t("resolve.submitDismiss")}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
