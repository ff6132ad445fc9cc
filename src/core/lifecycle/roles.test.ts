import { describe, expect, test } from "vitest";
import { COMMANDS, type CommandType, ROLES, type Role, type Stage } from "./model.js";
import { availableCommands } from "./rules.js";
import { transition } from "./state-machine.js";
import { actor, ctx, expectError, expectOk, leadIn, VALID } from "./testing/fixtures.js";

describe("roles", () => {
  const MAY: Record<Role, readonly CommandType[]> = {
    marketing: ["nurture", "hand_off", "recycle"],
    marketing_head: ["nurture", "hand_off", "recycle"],
    sales: ["accept", "reject", "open_opportunity", "win", "lose"],
    sales_head: ["accept", "reject", "open_opportunity", "win", "lose"],
    admin: COMMANDS,
  };
  /** A stage from which each command is legal. */
  const FROM: Record<CommandType, Stage> = {
    nurture: "captured",
    hand_off: "nurturing",
    accept: "handed_off",
    reject: "handed_off",
    open_opportunity: "accepted",
    win: "opportunity",
    lose: "opportunity",
    recycle: "lost",
  };

  test.each(ROLES.flatMap((role) => COMMANDS.map((c) => [role, c] as const)))("%s → %s", (role, command) => {
    const { lead, now } = leadIn(FROM[command]);
    const r = transition(lead, VALID[command], ctx(role, now));
    if (MAY[role].includes(command)) expectOk(r);
    else {
      const error = expectError(r);
      expect(error.code).toBe("lifecycle.forbidden");
      expect(error.details).toEqual({
        role,
        command,
        allowedRoles: ROLES.filter((x) => MAY[x].includes(command)),
      });
    }
  });

  test("an unknown role may do nothing", () => {
    for (const command of COMMANDS) {
      const { lead, now } = leadIn(FROM[command]);
      expect(expectError(transition(lead, VALID[command], ctx("viewer", now))).code).toBe(
        "lifecycle.forbidden",
      );
    }
  });

  test("a role that may never issue a command is told so whatever the stage", () => {
    const { lead, now } = leadIn("captured");
    const error = expectError(transition(lead, VALID.accept, ctx("marketing", now)));
    expect(error.code).toBe("lifecycle.forbidden");
    expect(error.message).toEqual({
      en: "marketing may not accept a lead; allowed: sales, head of sales, administrator",
      ru: "Маркетинг: нет права «принять»; разрешено: продажи, руководитель продаж, администратор",
    });
  });

  test("availableCommands combines the stage and the role", () => {
    expect(availableCommands(leadIn("handed_off").lead, actor("marketing"))).toEqual([]);
    expect(availableCommands(leadIn("handed_off").lead, actor("sales"))).toEqual(["accept", "reject"]);
    expect(availableCommands(leadIn("lost").lead, actor("marketing_head"))).toEqual(["recycle"]);
    expect(availableCommands(leadIn("captured").lead, actor("admin"))).toEqual(["nurture", "hand_off"]);
  });
});
