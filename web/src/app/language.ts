import { useEffect } from "react";
import { api } from "../api/client";
import type { Me } from "../api/session";
import { changeLanguage, type Language } from "../i18n";

/**
 * Remembers the signed-in person's language on the server, so it follows them to any browser.
 * Best effort: the switch already happened on screen.
 */
export async function saveLanguage(lng: Language): Promise<void> {
  try {
    await api.PATCH("/api/v1/auth/me", { body: { locale: lng } });
  } catch {
    // the screen already shows the chosen language
  }
}

/**
 * After sign-in (and whenever the stored choice changes): the interface speaks the person's own
 * language, or the company's default when they have not chosen one. The one place this happens.
 */
export function useSessionLanguage(me: Me | null | undefined): void {
  const wanted: Language | undefined = me ? (me.locale ?? me.defaultLocale) : undefined;
  useEffect(() => {
    if (wanted) void changeLanguage(wanted);
  }, [wanted]);
}
