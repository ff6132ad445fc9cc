/**
 * The first run, on a fresh company: the administrator's one-time password must be changed at the
 * first sign-in, then the company and the two heads; each head must change their own one-time
 * password at their first sign-in (and may do nothing else before).
 */
import { expect, test } from "vitest";
import { browserSuite, screenshot } from "./browser.js";
import { PEOPLE } from "./harness.js";
import { FirstRunPage } from "./pages/first-run-page.js";
import { Shell } from "./pages/shell.js";
import { SignInPage } from "./pages/sign-in-page.js";
import { visible } from "./pages/wait.js";

const ADMIN_PASSWORD = "the admin's own long password";
const HEAD_PASSWORD = "the marketing head's own password";

browserSuite(
  "first run",
  (world) => {
    let marketingHeadOtp = "";

    test("the administrator signs in with the one-time password and must choose their own, then sets up the company", async () => {
      const { app } = world();
      const { page } = await world().context({ lang: "en" });
      const signIn = await new SignInPage(page, app.url, "en").open();
      await signIn.signIn(PEOPLE.admin.email, app.adminOneTimePassword);
      let welcome = await new FirstRunPage(page, "en").ready();
      expect(new URL(page.url()).pathname).toBe("/welcome");
      await screenshot(page, "first-run-password", "en", 1280);
      // Before the password is their own, the API refuses everything else.
      const forced = await page.request.get(`${app.url}/api/v1/leads?limit=1`);
      expect(forced.status()).toBe(403);
      // A short new password is refused in words, next to the field.
      await welcome.choosePassword(app.adminOneTimePassword, "short");
      await visible(welcome.passwordError(welcome.t.password.tooShort));
      await welcome.choosePassword(app.adminOneTimePassword, ADMIN_PASSWORD);
      // The company speaks Russian by default: so does the admin's screen, who has not chosen a language.
      await welcome.nameCompany("ООО Ромашка", "ru");
      welcome = await new FirstRunPage(page, "ru").ready();
      marketingHeadOtp = await welcome.createHead(
        "marketing_head",
        PEOPLE.marketing_head.name,
        PEOPLE.marketing_head.email,
      );
      expect(marketingHeadOtp.length).toBeGreaterThanOrEqual(12);
      await welcome.createHead("sales_head", PEOPLE.sales_head.name, PEOPLE.sales_head.email);
      await screenshot(page, "first-run-heads", "ru", 1280);
      await welcome.finish().click();
      await new Shell(page, "ru").ready();
      expect(new URL(page.url()).pathname).toBe("/");
      // On the API: the set-up is done, the company named, the password changed.
      const me = await (await page.request.get(`${app.url}/api/v1/auth/me`)).json();
      expect(me).toMatchObject({
        mustChangePassword: false,
        setupPending: false,
        companyName: "ООО Ромашка",
      });
      const users = (await (await page.request.get(`${app.url}/api/v1/users`)).json()) as {
        role: string;
        passwordSetAt: number | null;
      }[];
      expect(users.filter((u) => u.role.endsWith("_head")).map((u) => u.passwordSetAt)).toEqual([null, null]);
    });

    test("the old one-time password no longer signs the administrator in", async () => {
      const { app } = world();
      const { page } = await world().context({ lang: "ru" });
      const signIn = await new SignInPage(page, app.url, "ru").open();
      await signIn.signIn(PEOPLE.admin.email, app.adminOneTimePassword);
      await signIn.expectError("неверный e-mail или пароль");
    });

    test("a department head must choose their own password at first sign-in (in Russian)", async () => {
      const { app } = world();
      const { page } = await world().context({ lang: "ru" });
      const signIn = await new SignInPage(page, app.url, "ru").open();
      await signIn.signIn(PEOPLE.marketing_head.email, marketingHeadOtp);
      const welcome = await new FirstRunPage(page, "ru").ready();
      await screenshot(page, "first-run-password", "ru", 1280);
      // Going elsewhere by address leads back here.
      await page.goto(`${app.url}/reports`);
      await welcome.ready();
      expect(new URL(page.url()).pathname).toBe("/welcome");
      await welcome.choosePassword(marketingHeadOtp, HEAD_PASSWORD, `${HEAD_PASSWORD}!`);
      await visible(welcome.passwordError(welcome.t.password.mismatch));
      await welcome.choosePassword(marketingHeadOtp, HEAD_PASSWORD);
      await new Shell(page, "ru").ready();
      expect(new URL(page.url()).pathname).toBe("/");
      expect((await (await page.request.get(`${app.url}/api/v1/auth/me`)).json()).mustChangePassword).toBe(
        false,
      );
    });
  },
  { fresh: true },
);
