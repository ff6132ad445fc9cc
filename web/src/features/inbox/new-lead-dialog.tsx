import "../../ui/zod-locale";
import { zodResolver } from "@hookform/resolvers/zod";
import {
  Alert,
  Button,
  Fieldset,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { z } from "zod";
import { ApiError, api, ok } from "../../api/client";
import { useCatalogue, useLocalText } from "../../api/definition";
import type { Me } from "../../api/session";
import { applyApiError } from "../../ui/form-errors";
import { CHANNELS, evidenceNow, parseFactInput } from "../lead/data";
import { FactValueInput } from "../lead/fact-input";

// The server's own checks (src/contracts/leads.ts), said in the interface's words.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[\d\s().-]{5,}$/;

const schema = z
  .object({
    name: z.string().trim().max(200),
    company: z.string().trim().max(200),
    email: z
      .string()
      .trim()
      .max(254)
      .refine((s) => s === "" || EMAIL.test(s), { message: "badEmail" }),
    phone: z
      .string()
      .trim()
      .max(40)
      .refine((s) => s === "" || PHONE.test(s), { message: "badPhone" }),
    source: z.string().trim().max(100),
    campaign: z.string().trim().max(200),
    fact: z.string(),
    value: z.string(),
    channel: z.string().min(1),
    quote: z.string().max(4000),
  })
  .refine((v) => v.name !== "" || v.email !== "" || v.phone !== "", {
    path: ["name"],
    message: "needIdentity",
  });
type Values = z.input<typeof schema>;

const FIELDS = ["name", "company", "email", "phone", "source", "campaign"] as const;
const EMPTY: Values = {
  name: "",
  company: "",
  email: "",
  phone: "",
  source: "",
  campaign: "",
  fact: "",
  value: "",
  channel: "call",
  quote: "",
};

interface Result {
  readonly id: string;
  readonly created: boolean;
  readonly name: string;
}

/**
 * Marketing captures a lead by hand: who (name, e-mail, phone, company), where from (source,
 * campaign) and, if there is one, a first fact with its evidence. The server merges it into an open
 * lead with the same e-mail or phone: the dialog says which happened before opening the lead.
 */
export function NewLeadDialog({ me, onClose }: { me: Me; onClose: () => void }) {
  const { t } = useTranslation("inbox");
  const local = useLocalText();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const catalogue = useCatalogue().data;
  const [result, setResult] = useState<Result | null>(null);
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: EMPTY });
  const errors = form.formState.errors;
  // Our own checks carry a text key; zod's built-in ones (too long…) come in the interface language.
  const message = (e: { message?: string; type?: string } | undefined) => {
    if (!e) return undefined;
    return e.message && e.message in OWN_CHECKS ? t(`newLead.${e.message}`) : e.message;
  };
  const factKey = form.watch("fact");
  const fact = catalogue?.facts.find((f) => f.key === factKey);

  const onSubmit = form.handleSubmit(async (v) => {
    let facts: {
      fact: string;
      value: boolean | number | string | null;
      evidence: ReturnType<typeof evidenceNow>;
    }[] = [];
    if (v.fact) {
      const value = parseFactInput(fact, v.value);
      if (value === undefined || value === null) {
        form.setError("value", {
          type: "custom",
          message: t(
            fact?.type === "number" && v.value.trim() ? "newLead.notANumber" : "newLead.valueRequired",
          ),
        });
        return;
      }
      facts = [{ fact: v.fact, value, evidence: evidenceNow(me.email, v.channel, v.quote) }];
    }
    const identity = Object.fromEntries(
      FIELDS.map((k) => [k, v[k].trim()] as const).filter(([, s]) => s !== ""),
    ) as Partial<Record<(typeof FIELDS)[number], string>>;
    try {
      const r = await ok(
        api.POST("/api/v1/leads", { body: { ...identity, ...(facts.length ? { facts } : {}) } }),
      );
      await queries.invalidateQueries({ queryKey: ["leads"] });
      const l = r.lead;
      setResult({
        id: r.leadId,
        created: r.created,
        name: l.name ?? identity.name ?? l.email ?? l.phone ?? identity.email ?? identity.phone ?? "",
      });
    } catch (e) {
      // The first fact's problems go to its fields; the rest as the other forms place them.
      const own = e instanceof ApiError ? e.problems.filter((p) => p.path in FACT_FIELDS) : [];
      for (const p of own)
        form.setError(FACT_FIELDS[p.path] ?? "value", { type: "server", message: p.message });
      if (own.length === 0) applyApiError(e, form.setError, FIELDS);
    }
  });

  const openLead = () => {
    if (!result) return;
    onClose();
    void navigate(`/leads/${encodeURIComponent(result.id)}`);
  };

  return (
    <Modal
      opened
      onClose={onClose}
      closeButtonProps={{ "aria-label": t("close", { ns: "common" }) }}
      title={t("newLead.title")}
      size="lg"
      data-testid="new-lead-dialog"
    >
      {result ? (
        <Stack>
          <Alert color={result.created ? "green" : "blue"} role="status" data-testid="new-lead-result">
            {t(result.created ? "newLead.created" : "newLead.merged", { name: result.name })}
          </Alert>
          <Group justify="flex-end">
            <Button onClick={openLead} data-autofocus data-testid="new-lead-open">
              {t("newLead.open")}
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              {t("newLead.intro")}
            </Text>
            {errors.root?.server && (
              <Alert color="red" role="alert" data-testid="dialog-error">
                {errors.root.server.message}
              </Alert>
            )}
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="xs">
              <TextInput
                label={t("newLead.name")}
                autoComplete="off"
                data-autofocus
                {...form.register("name")}
                error={message(errors.name)}
              />
              <TextInput
                label={t("newLead.company")}
                autoComplete="off"
                {...form.register("company")}
                error={message(errors.company)}
              />
              <TextInput
                label={t("newLead.email")}
                type="email"
                autoComplete="off"
                {...form.register("email")}
                error={message(errors.email)}
              />
              <TextInput
                label={t("newLead.phone")}
                type="tel"
                autoComplete="off"
                {...form.register("phone")}
                error={message(errors.phone)}
              />
              <TextInput
                label={t("newLead.source")}
                placeholder={t("newLead.sourcePlaceholder")}
                {...form.register("source")}
                error={message(errors.source)}
              />
              <TextInput
                label={t("newLead.campaign")}
                {...form.register("campaign")}
                error={message(errors.campaign)}
              />
            </SimpleGrid>
            <Fieldset
              legend={t("newLead.factSection")}
              variant="unstyled"
              pt="xs"
              styles={{ legend: { fontWeight: 600 } }}
            >
              <Stack gap="xs">
                <Text size="xs" c="dimmed">
                  {t("newLead.factHint")}
                </Text>
                <Controller
                  control={form.control}
                  name="fact"
                  render={({ field }) => (
                    <Select
                      label={t("newLead.fact")}
                      placeholder={t("newLead.noFact")}
                      data={(catalogue?.facts ?? []).map((f) => ({ value: f.key, label: local(f.label) }))}
                      value={field.value || null}
                      onChange={(v) => {
                        field.onChange(v ?? "");
                        form.setValue("value", "");
                      }}
                      clearable
                      searchable
                      comboboxProps={{ withinPortal: true }}
                    />
                  )}
                />
                {fact && (
                  <>
                    {fact.guide && (
                      <Text size="xs" c="dimmed">
                        {local(fact.guide)}
                      </Text>
                    )}
                    <Controller
                      control={form.control}
                      name="value"
                      render={({ field }) => (
                        <FactValueInput
                          fact={fact}
                          label={t("newLead.value")}
                          value={field.value}
                          onChange={field.onChange}
                          error={message(errors.value)}
                          testId="new-lead-value"
                        />
                      )}
                    />
                    <Controller
                      control={form.control}
                      name="channel"
                      render={({ field }) => (
                        <Select
                          label={t("newLead.channel")}
                          data={CHANNELS.map((c) => ({
                            value: c,
                            label: t(`channels.${c}`, { ns: "lead" }),
                          }))}
                          value={field.value}
                          onChange={(v) => field.onChange(v ?? "call")}
                          allowDeselect={false}
                        />
                      )}
                    />
                    <Textarea
                      label={t("newLead.quote")}
                      description={t("newLead.quoteHint")}
                      autosize
                      minRows={2}
                      {...form.register("quote")}
                      error={message(errors.quote)}
                    />
                  </>
                )}
              </Stack>
            </Fieldset>
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={onClose}>
                {t("cancel", { ns: "common" })}
              </Button>
              <Button type="submit" loading={form.formState.isSubmitting} data-testid="new-lead-submit">
                {t("newLead.submit")}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

/** Our own checks' messages are text keys (newLead.*). */
const OWN_CHECKS = { badEmail: 1, badPhone: 1, needIdentity: 1 } as const;
const FACT_FIELDS: Readonly<Record<string, "value" | "quote">> = {
  "body.facts.0.value": "value",
  "body.facts.0.evidence.quote": "quote",
};
