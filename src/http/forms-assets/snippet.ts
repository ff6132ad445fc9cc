import type { StoredForm } from "../../app/forms/manage-forms.js";
import { type Locale, pick } from "../../core/index.js";
import { escapeHtml } from "./page.js";

/**
 * What marketing pastes into a website to show a form: an `<iframe>` (works everywhere, the
 * page's own CSP and key stay on Truce's origin), or a script that adds the same iframe and
 * resizes it to the form's height, which the form page posts to its parent.
 */
export function formSnippet(form: StoredForm, base: string, lang: Locale | undefined) {
  const url = `${base}/forms/${encodeURIComponent(form.id)}${lang ? `?lang=${lang}` : ""}`;
  const title = escapeHtml(pick(form.config.title, lang ?? form.config.locales[0] ?? "en"));
  const iframe = `<iframe src="${escapeHtml(url)}" title="${title}" width="100%" height="760" loading="lazy" style="border:0;max-width:640px"></iframe>`;
  const holder = `truce-form-${form.id.replace(/[^A-Za-z0-9_-]/g, "")}`;
  const js = [
    "(function(){",
    `var d=document.getElementById(${JSON.stringify(holder)}),f=document.createElement("iframe");`,
    // The page's own utm_* parameters go on to the form, so captures keep their attribution.
    `var u=new URL(${JSON.stringify(url)}),q=new URLSearchParams(location.search);`,
    "q.forEach(function(v,k){if(/^utm_(source|medium|campaign|term|content)$/.test(k))u.searchParams.set(k,v);});",
    `f.src=u.toString();f.title=${JSON.stringify(pick(form.config.title, lang ?? "en"))};`,
    'f.width="100%";f.height="760";f.loading="lazy";f.style.border="0";f.style.maxWidth="640px";d.appendChild(f);',
    'window.addEventListener("message",function(e){',
    `if(e.origin===${JSON.stringify(new URL(base).origin)}&&e.source===f.contentWindow&&e.data&&typeof e.data.height==="number")`,
    "f.height=String(Math.ceil(e.data.height)+2);});",
    "})();",
  ].join("");
  // "<\/" keeps a "</script>" inside a JSON string from closing the tag early.
  const script = `<div id="${holder}"></div>\n<script>${js.replace(/<\//g, "<\\/")}</script>`;
  return { formId: form.id, url, iframe, script };
}
