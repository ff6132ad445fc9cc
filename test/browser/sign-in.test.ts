/** Signing in, as each role and with a wrong password, through the sign-in screen itself. */
import { expect, test } from "vitest";
import { browserSuite, type Lang } from "./browser.js";
import { PASSWORD, PEOPLE, ROLES } from "./harness.js";
import { Shell } from "./pages/shell.js";
import { SignInPage } from "./pages/sign-in-page.js";
import { textsOf } from "./pages/texts.js";

browserSuite("sign-in", (world) => {
  for (const [i, role] of ROLES.entries()) {
    // Alternate the languages: every role once, both languages covered.
    const lang: Lang = i % 2 === 0 ? "en" : "ru";
    test(`${role} signs in (${lang}) and lands in the app as themselves`, async () => {
      const { app } = world();
      const { page } = await world().context({ lang });
      await app.setLocale(role, lang); // their own choice, which the app switches to after sign-in
      const signIn = await new SignInPage(page, app.url, lang).open();
      await signIn.signIn(PEOPLE[role].email, PASSWORD);
      const shell = await new Shell(page, lang).ready();
      expect(await shell.signedInAs()).toBe(`${PEOPLE[role].name} (${textsOf(lang).common.roles[role]})`);
      // The same person on the API, through the browser's own cookie.
      const me = await page.request.get(`${app.url}/api/v1/auth/me`);
      expect(me.status()).toBe(200);
      expect(await me.json()).toMatchObject({ email: PEOPLE[role].email, role });
    });
  }

  for (const lang of ["en", "ru"] as const) {
    test(`a wrong password is refused in words (${lang}) and nobody is signed in`, async () => {
      const { app } = world();
      const { page } = await world().context({ lang });
      const signIn = await new SignInPage(page, app.url, lang).open();
      await signIn.signIn(PEOPLE.sales.email, "not the password");
      await signIn.expectError(lang === "en" ? "wrong e-mail or password" : "неверный e-mail или пароль");
      expect(new URL(page.url()).pathname).toBe("/sign-in");
      expect((await page.request.get(`${app.url}/api/v1/auth/me`)).status()).toBe(401);
    });
  }

  test("signing out goes back to the sign-in screen and ends the session", async () => {
    const { app } = world();
    const { page } = await world().context({ lang: "en", role: "marketing" });
    await page.goto(app.url);
    const shell = await new Shell(page, "en").ready();
    await shell.signOut();
    await new SignInPage(page, app.url, "en").heading().waitFor();
    expect((await page.request.get(`${app.url}/api/v1/auth/me`)).status()).toBe(401);
  });

  test("a page asked for before signing in is shown after it", async () => {
    const { app } = world();
    const { page } = await world().context({ lang: "en" });
    await page.goto(`${app.url}/reports`);
    const signIn = new SignInPage(page, app.url, "en");
    await signIn.heading().waitFor();
    expect(new URL(page.url()).search).toBe(`?next=${encodeURIComponent("/reports")}`);
    await signIn.signIn(PEOPLE.sales_head.email, PASSWORD);
    await new Shell(page, "en").ready();
    await page.waitForURL(`${app.url}/reports`);
  });
});
