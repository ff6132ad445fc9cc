import { z } from "zod";
import { type CaptureBody, CONTACT_FIELDS, type ContactField } from "../../contracts/api-capture.js";
import { captureLeadSchema } from "../../contracts/leads.js";
import type { Locale } from "../../core/index.js";
import type { AppDeps } from "../deps.js";
import { captureChecked } from "../leads/capture-lead.js";
import { invalid } from "../validation.js";
import type { StoredForm } from "./manage-forms.js";
import { type AnswerProblem, mapAnswers } from "./map-answers.js";

export interface CaptureVia {
  /** The key the capture comes through: the caller's, or the form's (server-side). */
  readonly keyId: string;
  readonly form: StoredForm | null;
  /** Where the input's fields sit, for problem paths: `body` for the API, "" for a form page. */
  readonly at: string;
  /**
   * A retry with the same key returns the first result and writes nothing. Keys are namespaced by
   * `scope` (the key or the form), so one caller can neither collide with nor replay another's.
   */
  readonly idempotency?: { readonly scope: string; readonly key: string } | undefined;
}

export interface AnswersOutcome {
  readonly replayed: boolean;
  /** The honeypot was filled: everything was checked as usual, nothing was stored. */
  readonly trapped: boolean;
}

/** Who the person is and where they came from: checked here once, as the capture itself would. */
const identitySchema = z.object({
  name: captureLeadSchema.shape.name,
  email: captureLeadSchema.shape.email,
  phone: captureLeadSchema.shape.phone,
  company: captureLeadSchema.shape.company,
  source: captureLeadSchema.shape.source,
  campaign: captureLeadSchema.shape.campaign,
  utm: captureLeadSchema.shape.utm,
});

/**
 * The one capture path of the public API and the web forms: checks who the person is (and, with
 * a form, the contact fields it requires), maps the answers to facts with evidence channel
 * `form`, then captures the lead (dedupe, grade, one transaction). A filled honeypot goes through
 * the same checks and the same answer, and stores nothing: bots must not learn they were caught.
 */
export async function captureAnswers(
  deps: AppDeps,
  body: CaptureBody,
  via: CaptureVia,
): Promise<AnswersOutcome> {
  const form = via.form;
  const locale: Locale = body.locale ?? form?.config.locales[0] ?? "en";
  const problems: AnswerProblem[] = [];
  const contact = { name: body.name, email: body.email, phone: body.phone, company: body.company };
  const attribution = {
    source: body.source ?? form?.config.source,
    campaign: body.campaign ?? form?.config.campaign,
    utm: body.utm,
  };
  if (form) {
    for (const c of CONTACT_FIELDS) {
      if (form.config.contact[c] === "hidden") contact[c] = undefined;
      else if (form.config.contact[c] === "required" && contact[c] === undefined)
        problems.push({ path: join(via.at, c), reason: "required", message: "an answer is required" });
    }
  }
  const identity = identitySchema.safeParse({ ...contact, ...attribution });
  if (!identity.success) {
    for (const issue of identity.error.issues) {
      const reason = issue.code === "too_big" ? "too_long" : "bad_value";
      problems.push({ path: join(via.at, issue.path.map(String).join(".")), reason, message: issue.message });
    }
  } else if (!contact.name && !contact.email && !contact.phone && problems.length === 0) {
    problems.push({
      path: join(via.at, firstShown(form)),
      reason: "need_contact",
      message: "a lead needs at least an e-mail, a phone or a name",
    });
  }
  // The answers are mapped inside the capture's transaction, against the definition version that
  // will grade them; every problem, of identity and of answers, is answered at once.
  const result = await captureChecked(deps, `key:${via.keyId}`, (active) => {
    const mapped = mapAnswers(
      active.definition,
      form ? { name: form.name, config: form.config } : null,
      body.answers ?? {},
      { now: deps.clock(), locale, recordedBy: `key:${via.keyId}`, at: via.at ? `${via.at}.answers` : "" },
    );
    const all = [...problems, ...mapped.problems];
    if (all.length > 0) throw invalid(all);
    if (body.website?.trim()) return null;
    return {
      ...(identity.success ? stripUndefined(identity.data) : {}),
      facts: mapped.observations,
      ...(via.idempotency ? { idempotencyKey: `${via.idempotency.scope}:${via.idempotency.key}` } : {}),
    };
  });
  return result === null ? { replayed: false, trapped: true } : { replayed: result.replayed, trapped: false };
}

function firstShown(form: StoredForm | null): ContactField {
  const shown = (["email", "phone", "name"] as const).find((c) => form?.config.contact[c] !== "hidden");
  return shown ?? "email";
}

function join(at: string, path: string): string {
  return [at, path].filter(Boolean).join(".");
}

function stripUndefined<T extends Record<string, unknown>>(
  o: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as never;
}
