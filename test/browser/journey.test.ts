/**
 * The whole journey, once in each language, every step checked on screen and in the API:
 * marketing captures a lead by hand in the inbox's "New lead" dialog (with the first contact
 * channel and the prospect's words) → a Cold lead, in the inbox → marketing records stated interest (Warm)
 * and a decision date (Hot), hands it off → sales rejects citing the decision date and disputes it
 * → marketing reads the evidence and accepts the claim → the lead is regraded (Warm) → marketing
 * recycles and hands it off again → sales accepts, opens the opportunity and wins it.
 * Beside it: a prospect sends the public website form, and marketing entering the same e-mail by
 * hand is told it went to that open lead (no duplicate).
 */
import { expect, test } from "vitest";
import { browserSuite, DESKTOP, type Lang, screenshot } from "./browser.js";
import { createCaptureForm, dayFromToday, leadByEmail, leadDetail } from "./fixtures.js";
import { CaptureFormPage } from "./pages/capture-form-page.js";
import { InboxPage } from "./pages/inbox-page.js";
import { LeadPage } from "./pages/lead-page.js";
import { fill } from "./pages/texts.js";
import { hasText, visible } from "./pages/wait.js";

const PEOPLE: Record<
  Lang,
  { name: string; company: string; email: string; phone: string; first: string; words: string[] }
> = {
  en: {
    name: "Jane Doe",
    company: "Acme Ltd",
    email: "jane.doe@acme.example",
    phone: "+44 20 7946 0958",
    first: "I saw your talk at the fair; call me back",
    words: [
      "Can we see a demo next week?",
      "We will decide within two months",
      "They said: not before next year",
    ],
  },
  ru: {
    name: "Иван Петров",
    company: "ООО Ромашка",
    email: "ivan.petrov@romashka.example",
    phone: "+7 (495) 123-45-67",
    first: "Видел ваш доклад на выставке, перезвоните",
    words: [
      "Покажите демо на следующей неделе",
      "Решение примем в течение двух месяцев",
      "Сказали: не раньше следующего года",
    ],
  },
};

browserSuite("journey", (world) => {
  for (const lang of ["en", "ru"] as const) {
    test(`from a lead entered by hand to a won deal (${lang})`, { timeout: 120_000 }, async () => {
      const { app } = world();
      const who = PEOPLE[lang];
      const [interest, decision, observed] = who.words as [string, string, string];
      const soon = dayFromToday(60); // within 6 months: Hot
      const later = dayFromToday(300); // beyond: Warm, given the interest

      // Marketing takes a call and enters the lead by hand: who, where from, and the first fact
      // (how they got in touch) with the prospect's words. English by the button, Russian by `c`.
      const { page: mp } = await world().context({ lang, role: "marketing" });
      const inbox = await new InboxPage(mp, app.url, lang).open();
      const said = await inbox.newLead(
        {
          name: who.name,
          company: who.company,
          email: who.email,
          phone: who.phone,
          source: "trade-show",
          campaign: "autumn-fair",
          fact: {
            key: "contact_channel",
            value: { option: lang === "ru" ? "Звонок" : "Phone call" },
            channel: "call",
            quote: who.first,
          },
        },
        lang === "ru" ? "key" : "button",
      );
      expect(said).toEqual({ created: true, message: fill(inbox.t.newLead.created, { name: who.name }) });
      const m = await new LeadPage(mp, app.url, lang).ready();
      const id = await m.id();
      await hasText(m.title(), who.name);
      await m.expectGrade("cold");
      await hasText(m.fact("contact_channel"), who.first);
      const captured = await leadByEmail(app, who.email);
      expect(captured).toMatchObject({
        id,
        grade: "cold",
        stage: "captured",
        company: who.company,
        source: "trade-show",
        campaign: "autumn-fair",
      });
      const first = (await leadDetail(app, id)).facts.find((f) => f.fact === "contact_channel");
      expect(first).toMatchObject({ value: "call", channel: "call", quote: who.first });

      // It is in the inbox, Cold; marketing opens it again from there with the keyboard.
      await inbox.open();
      const row = await visible(inbox.row(who.name));
      expect(await inbox.gradeIn(row)).toBe("cold");
      await inbox.openLeadWithKeyboard(who.name);
      await m.ready();
      expect(await m.id()).toBe(id);
      // Marketing hands off; accepting and rejecting are sales' moves: not shown.
      expect(await m.moveButton("accept").count()).toBe(0);
      expect(await m.moveButton("reject").count()).toBe(0);

      // Stated interest → Warm.
      await m.recordFact("stated_interest", { yes: true }, interest);
      await m.expectGrade("warm");
      expect((await leadDetail(app, id)).lead.grade).toBe("warm");

      // A decision date within 6 months → Hot.
      await m.recordFact("decision_date", { date: soon }, decision);
      await m.expectGrade("hot");
      await hasText(m.fact("decision_date"), decision);
      expect((await leadDetail(app, id)).lead.grade).toBe("hot");
      await screenshot(mp, "lead-hot", lang, DESKTOP);

      // Hand-off.
      await m.move("hand-off");
      await m.expectStage("handed_off");
      expect((await leadDetail(app, id)).lead.stage).toBe("handed_off");

      // Sales rejects, citing the decision date: the prospect told them otherwise. Then disputes it.
      const { page: sp } = await world().context({ lang, role: "sales" });
      const s = await new LeadPage(sp, app.url, lang).open(id);
      await s.expectGrade("hot");
      expect(await s.recordFactButton().count()).toBe(0); // recording facts is marketing's
      await s.rejectCitingFact("decision_date", { date: later }, observed);
      await s.expectStage("rejected");
      let api = await leadDetail(app, id, "sales");
      expect(api.lead.stage).toBe("rejected");
      await s.openDisputeAsCited();
      await visible(s.disputes());
      api = await leadDetail(app, id, "sales");
      expect(api.disputes).toMatchObject([{ fact: "decision_date", status: "open", claimedValue: later }]);

      // Marketing opens the evidence: their own record with the prospect's words, and sales' claim.
      await mp.reload();
      await m.ready();
      await visible(m.disputes());
      await hasText(m.fact("decision_date"), decision);
      const dialog = await m.openResolveDialog();
      await hasText(dialog, observed);
      await screenshot(mp, "dispute", lang, DESKTOP);
      await m.acceptClaim(dialog);

      // Regraded: the decision date is now beyond 6 months → Warm, on screen and in the API.
      await m.expectGrade("warm");
      api = await leadDetail(app, id);
      expect(api.lead.grade).toBe("warm");
      expect(api.disputes[0]?.status).toBe("accepted");
      expect(api.facts.find((f) => f.fact === "decision_date")?.value).toBe(later);

      // Marketing takes it back and hands it off again (Warm may go to sales).
      await m.move("recycle");
      await m.expectStage("nurturing");
      await m.move("hand-off");
      await m.expectStage("handed_off");

      // Sales accepts, opens the opportunity, wins it.
      await sp.reload();
      await s.ready();
      await s.expectStage("handed_off");
      await s.move("accept");
      await s.expectStage("accepted");
      await s.move("opportunity");
      await s.expectStage("opportunity");
      await s.win("12 500", lang === "ru" ? "RUB" : "EUR");
      await s.expectStage("won");
      await visible(s.timelineEntry("win"));
      await screenshot(sp, "lead-won", lang, DESKTOP);
      api = await leadDetail(app, id, "sales");
      expect(api.lead).toMatchObject({ stage: "won", grade: "warm" });
      expect(api.availableMoves).toEqual([]);
    });
  }

  test("a prospect sends the website form; the same e-mail entered by hand goes to that lead", async () => {
    const { app } = world();
    const who = { name: "Maria Garcia", company: "Initrode", email: "maria.garcia@initrode.example" };
    const formUrl = await createCaptureForm(app);
    const { page: site } = await world().context({ lang: "en" });
    await (await new CaptureFormPage(site, formUrl, "en").open()).send(who);
    const captured = await leadByEmail(app, who.email);
    expect(captured).toMatchObject({
      grade: "cold",
      stage: "captured",
      source: "website",
      campaign: "spring",
    });
    const id = captured?.id as string;

    // Marketing, on the phone with her, enters her again by hand: told it went to the open lead.
    const { page } = await world().context({ lang: "ru", role: "marketing" });
    const inbox = await new InboxPage(page, app.url, "ru").open();
    await visible(inbox.row(who.name));
    const said = await inbox.newLead({
      email: who.email.toUpperCase(),
      fact: { key: "stated_interest", value: { yes: true }, quote: "Пришлите цены" },
    });
    expect(said).toEqual({ created: false, message: fill(inbox.t.newLead.merged, { name: who.name }) });
    const lead = await new LeadPage(page, app.url, "ru").ready();
    expect(await lead.id()).toBe(id);
    await lead.expectGrade("warm");
    await hasText(lead.fact("stated_interest"), "Пришлите цены");
    const api = await leadDetail(app, id);
    expect(api.lead.grade).toBe("warm");
    expect(
      (await app.api("marketing", "GET", `/api/v1/leads?q=${encodeURIComponent(who.email)}`)).body.items,
    ).toHaveLength(1);
  });
});
