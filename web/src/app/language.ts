import { api } from "../api/client";
import type { Language } from "../i18n";

/**
 * Remembers the signed-in person's language on the server, so it follows them to any browser.
 * Best effort: the switch already happened on screen.
 */
export async function saveLanguage(lng: Language): Promise<void> {
  try {
    // biome-ignore lint/suspicious/noExplicitAny: the endpoint arrives with the first-run work.
    await (api as any).PATCH("/api/v1/auth/me", { body: { locale: lng } });
  } catch {
    // the screen already shows the chosen language
  }
}
