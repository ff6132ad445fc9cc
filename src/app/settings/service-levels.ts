import type { ServiceLevelsView } from "../../contracts/api-reports.js";
import { getActiveDefinition } from "../definitions/versions.js";
import type { AppDeps } from "../deps.js";

/**
 * The active definition's lifecycle settings as data: service levels per grade, the working week,
 * hand-off rules and reason codes. Read-only: they change only through a new definition version.
 */
export async function activeServiceLevels(deps: AppDeps): Promise<ServiceLevelsView> {
  const active = await getActiveDefinition(deps);
  const { lifecycle } = deps.graders.get(active.version, active.source).definition;
  return {
    version: active.version,
    serviceLevels: lifecycle.serviceLevels.map((s) => ({ grade: s.grade, ...s.respondWithin })),
    workingHours: { ...lifecycle.workingHours, days: [...lifecycle.workingHours.days] },
    handoff: {
      grades: [...lifecycle.handoff.grades],
      requiredFacts: [...lifecycle.handoff.requiredFacts],
    },
    rejectionReasons: lifecycle.rejectionReasons.map((r) => ({ key: r.key, label: r.label })),
    lostReasons: lifecycle.lostReasons.map((r) => ({ ...r })),
  };
}
