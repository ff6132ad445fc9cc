import type { StoredForm } from "../../app/forms/manage-forms.js";
import { CONTACT_FIELDS, type FormField, HONEYPOT_FIELD } from "../../contracts/api-capture.js";
import { type Locale, type LocalText, pick } from "../../core/index.js";
import { FORM_SCRIPT } from "./script.js";
import { FORM_CSS } from "./styles.js";
import { UI } from "./texts.js";

/** A problem as the visitor reads it: the field's name and a sentence in the page's language. */
export interface PageProblem {
  readonly path: string;
  readonly message: string;
}

export interface FormPage {
  readonly form: StoredForm;
  /** The questions that still fit the active definition. */
  readonly fields: readonly FormField[];
  readonly locale: Locale;
  /** One per rendering: the submission's idempotency key, so a resubmitted page captures once. */
  readonly token: string;
  /** The CSP nonce of this response's inline style and script. */
  readonly nonce: string;
  readonly values?: Readonly<Record<string, string>>;
  /** Attribution carried from the page's address (utm_source…) to the submission. */
  readonly utm?: Readonly<Record<string, string>>;
  readonly problems?: readonly PageProblem[];
}

const LANGUAGE_NAMES: Record<Locale, string> = { en: "English", ru: "Русский" };
const CONTACT_INPUT = {
  name: { type: "text", autocomplete: "name", max: 200 },
  email: { type: "email", autocomplete: "email", max: 254 },
  phone: { type: "tel", autocomplete: "tel", max: 40 },
  company: { type: "text", autocomplete: "organization", max: 200 },
} as const;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The whole form page: accessible, self-contained, working without JavaScript. */
export function renderFormPage(page: FormPage): string {
  const { form, locale } = page;
  const t = (text: LocalText) => escapeHtml(pick(text, locale));
  const errors = new Map((page.problems ?? []).map((p) => [p.path, p.message]));
  const value = (name: string) => page.values?.[name] ?? "";
  const controls = [
    ...CONTACT_FIELDS.filter((c) => form.config.contact[c] !== "hidden").map((c) => {
      const spec = CONTACT_INPUT[c];
      const attrs = `type="${spec.type}" autocomplete="${spec.autocomplete}" maxlength="${spec.max}" value="${escapeHtml(value(c))}"`;
      return inputField(
        c,
        UI.contact[c],
        form.config.contact[c] === "required",
        `<input ${attrs}%A>`,
        t,
        errors,
      );
    }),
    ...page.fields.map((f) =>
      f.kind === "text"
        ? inputField(
            f.name,
            f.question,
            f.required,
            `<textarea maxlength="${f.maxLength}" rows="4"%A>${escapeHtml(value(f.name))}</textarea>`,
            t,
            errors,
            f.help,
          )
        : choiceField(f, value(f.name), t, errors),
    ),
  ];
  const labels = new Map<string, LocalText>([
    ...CONTACT_FIELDS.map((c): [string, LocalText] => [c, UI.contact[c]]),
    ...page.fields.map((f): [string, LocalText] => [f.name, f.question]),
  ]);
  const summary = [...errors].map(([path, message]) => {
    const label = labels.get(path);
    return `<li><a href="#f-${escapeHtml(path)}">${label ? `${t(label)} — ` : ""}${escapeHtml(message)}</a></li>`;
  });
  const body = `${languageLinks(form, locale, t(UI.language))}
<h1>${t(form.config.title)}</h1>
${form.config.intro ? `<p class="intro">${t(form.config.intro)}</p>` : ""}
<div id="summary" class="summary" role="alert" tabindex="-1" data-title="${t(UI.summary)}"${summary.length ? "" : " hidden"}><p>${t(UI.summary)}</p><ul>${summary.join("")}</ul></div>
<form id="truce-form" method="post" action="/forms/${escapeHtml(form.id)}/submit?lang=${locale}" novalidate data-sending="${t(UI.sending)}" data-failed="${t(UI.failed)}">
<input type="hidden" name="lang" value="${locale}">
<input type="hidden" name="token" value="${escapeHtml(page.token)}">
${Object.entries(page.utm ?? {})
  .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
  .join("\n")}
${controls.join("\n")}
<div class="hp" aria-hidden="true"><label for="f-${HONEYPOT_FIELD}">${t(UI.honeypot)}</label><input type="text" id="f-${HONEYPOT_FIELD}" name="${HONEYPOT_FIELD}" tabindex="-1" autocomplete="off"></div>
<button type="submit">${t(form.config.submit ?? UI.submit)}</button>
</form>
<div id="done" class="done" role="status" tabindex="-1" hidden><p></p></div>`;
  return layout(locale, pick(form.config.title, locale), body, page.nonce, form.id);
}

/** A page with a heading and one paragraph: thanks, closed, not found, too many attempts. */
export function renderMessagePage(
  locale: Locale,
  title: LocalText,
  text: LocalText,
  nonce: string,
  formId = "",
): string {
  const body = `<h1>${escapeHtml(pick(title, locale))}</h1>\n<p>${escapeHtml(pick(text, locale))}</p>`;
  return layout(locale, pick(title, locale), body, nonce, formId);
}

function layout(locale: Locale, title: string, body: string, nonce: string, formId: string): string {
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${FORM_CSS}</style>
</head>
<body data-form="${escapeHtml(formId)}">
<main>
${body}
</main>
<script nonce="${nonce}">${FORM_SCRIPT}</script>
</body>
</html>
`;
}

type Translate = (text: LocalText) => string;

/** A labelled control; `%A` in the control's HTML takes its id, name and ARIA attributes. */
function inputField(
  name: string,
  label: LocalText,
  required: boolean,
  control: string,
  t: Translate,
  errors: Map<string, string>,
  help?: LocalText,
): string {
  const error = errors.get(name);
  const described = [help ? `h-${name}` : "", `e-${name}`].filter(Boolean).join(" ");
  const attrs = ` id="f-${name}" name="${name}"${required ? " required" : ""} aria-describedby="${described}"${error ? ' aria-invalid="true"' : ""}`;
  return `<div class="field">
<label for="f-${name}"><span data-label="${name}">${t(label)}</span>${required ? "" : ` <span class="opt">${t(UI.optional)}</span>`}</label>
${help ? `<p class="help" id="h-${name}">${t(help)}</p>` : ""}${control.replace("%A", attrs)}
${errorLine(name, error)}
</div>`;
}

function choiceField(
  field: FormField & { kind: "choice" },
  chosen: string,
  t: Translate,
  errors: Map<string, string>,
): string {
  const error = errors.get(field.name);
  const options = field.options.map((o, i) => {
    const id = i === 0 ? `f-${field.name}` : `f-${field.name}-${i + 1}`;
    const attrs = `${o.key === chosen ? " checked" : ""}${field.required ? " required" : ""}${error && i === 0 ? ' aria-invalid="true"' : ""}`;
    return `<div class="choice"><input type="radio" id="${id}" name="${field.name}" value="${escapeHtml(o.key)}"${attrs}><label for="${id}">${t(o.label)}</label></div>`;
  });
  const described = [field.help ? `h-${field.name}` : "", `e-${field.name}`].filter(Boolean).join(" ");
  return `<fieldset class="field" aria-describedby="${described}">
<legend><span data-label="${field.name}">${t(field.question)}</span>${field.required ? "" : ` <span class="opt">${t(UI.optional)}</span>`}</legend>
${field.help ? `<p class="help" id="h-${field.name}">${t(field.help)}</p>` : ""}${options.join("\n")}
${errorLine(field.name, error)}
</fieldset>`;
}

function errorLine(name: string, error: string | undefined): string {
  return `<p class="error" id="e-${name}"${error ? "" : " hidden"}>${error ? escapeHtml(error) : ""}</p>`;
}

function languageLinks(form: StoredForm, current: Locale, label: string): string {
  if (form.config.locales.length < 2) return "";
  const links = form.config.locales.map((l) =>
    l === current
      ? `<span lang="${l}" aria-current="true">${LANGUAGE_NAMES[l]}</span>`
      : `<a href="/forms/${escapeHtml(form.id)}?lang=${l}" hreflang="${l}" lang="${l}">${LANGUAGE_NAMES[l]}</a>`,
  );
  return `<nav class="langs" aria-label="${label}">${links.join("")}</nav>`;
}
