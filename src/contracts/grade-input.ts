import { z } from "zod";
import { observationSchema } from "../core/index.js";

/**
 * One lead as `truce grade` reads it. Either plain current values (`facts`, with optional
 * `recorded` days for rules on when a value was recorded), or the recorded observations with
 * their evidence (`observations`), from which the current values are derived. `null` = unknown.
 */
export const gradeInputLeadSchema = z
  .strictObject({
    id: z.union([z.string().min(1), z.number()]).optional(),
    facts: z.record(z.string(), z.union([z.boolean(), z.number(), z.string(), z.null()])).optional(),
    recorded: z.record(z.string(), z.string()).optional(),
    observations: z.array(observationSchema).optional(),
  })
  .refine((l) => (l.facts === undefined) !== (l.observations === undefined), {
    message: "a lead has either `facts` (current values) or `observations` (values with evidence), not both",
  });

export type GradeInputLead = z.infer<typeof gradeInputLeadSchema>;
