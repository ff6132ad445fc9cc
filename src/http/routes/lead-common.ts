import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { type FieldProblem, invalid } from "../../app/validation.js";
import { hasNoNul, NO_NUL } from "../../contracts/api-lifecycle.js";
import { type Actor, isAppError, type Role } from "../../core/index.js";
import { type Access, ALL_ROLES, actorOf } from "../access.js";

/** What the lead, move and dispute route files share. */

/** Reads: every signed-in role, and keys that may read. */
export const READ: Access = { roles: ALL_ROLES, scopes: ["read", "admin"] };

/** Writes: these roles, and admin keys (which act as an admin). */
export function writeAccess(roles: readonly Role[]): Access {
  return { roles, scopes: ["admin"] };
}

export const leadParams = z.strictObject({ id: z.string().min(1).max(200).refine(hasNoNul, NO_NUL) });

/** The acting person or key; the access hook has already refused anonymous callers. */
export function actorFrom(req: FastifyRequest): Actor {
  if (!req.caller) throw new Error("unreachable: access requires a caller");
  return actorOf(req.caller);
}

/**
 * Runs a use case on a request's body. Its own validation problems (catalogue checks: unknown
 * fact, wrong value type) name fields relative to the body; here they get the `body.` prefix that
 * the schema validation's problems carry, so clients see one path convention.
 */
export async function onBody<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    const problems = isAppError(e, "validation.invalid") ? e.details.problems : undefined;
    if (!Array.isArray(problems)) throw e;
    throw invalid(
      (problems as FieldProblem[]).map((p) => ({
        path: p.path === "(body)" ? "body" : `body.${p.path}`,
        message: p.message,
      })),
    );
  }
}
