/**
 * The grading core: pure functions over facts, definitions and time. No I/O, no clock: callers
 * pass `now` (epoch ms) and the text of definition files.
 */
export { type LoadResult, loadDefinition } from "./definition/load.js";
export type {
  Condition,
  Definition,
  FactValues,
  Grade,
  Path,
  RecordedDays,
  Rule,
  Scalar,
  Truth,
} from "./definition/model.js";
export { formatPath, parseDefinitionText } from "./definition/parse.js";
export { resolveDefinition } from "./definition/resolve.js";
export type { FactDef, FactType, RawDefinition } from "./definition/schema.js";
export { AppError, isAppError } from "./errors.js";
export { explainGrade } from "./explain/explain.js";
export type { Explanation } from "./explain/explanation-types.js";
export { describeCondition, formatPeriod, formatValue, renderExplanation } from "./explain/render.js";
export { type ExplanationView, viewExplanation } from "./explain/view.js";
export { type AskNext, askNext, describeRequirement, type WhatIf, whatIf } from "./explain/what-if.js";
export {
  CHANNELS,
  type Channel,
  type CurrentFacts,
  currentFactsOf,
  type Evidence,
  evidenceSchema,
  type Observation,
  observationSchema,
} from "./facts/evidence.js";
export { displayValue, normalizeFactValue, normalizeFactValues } from "./facts/values.js";
export { LOCALES, type Locale, type LocalText, pick } from "./i18n.js";
export {
  type CountsAgainst,
  type Duration,
  type LifecycleConfig,
  type LostReason,
  parseDuration,
  type Reason,
  resolveLifecycleConfig,
  serviceLevelOf,
  type WorkingHours,
} from "./lifecycle/config.js";
export { defaultLifecycleConfig } from "./lifecycle/defaults.js";
export {
  type Actor,
  COMMANDS,
  type CommandType,
  type LeadState,
  type LifecycleCommand,
  type LifecycleEvent,
  newLead,
  type Outcome,
  type Rejection,
  type RejectionInput,
  ROLES,
  type Role,
  STAGES,
  type Stage,
} from "./lifecycle/model.js";
export {
  ACTION_ROLES,
  type ActionState,
  allowedActions,
  allowedCommands,
  LEAD_ACTIONS,
  type LeadAction,
  mayAct,
  mayTakeAction,
  moveRefusal,
} from "./lifecycle/moves.js";
export { availableCommands, commandsInto, legalCommands, mayIssue } from "./lifecycle/rules.js";
export { type Breach, listBreaches, type SlaStatus, slaStatus } from "./lifecycle/sla.js";
export { transition } from "./lifecycle/state-machine.js";
export { addWorkingTime } from "./lifecycle/working-time.js";
export type { Counterexample, Finding, FindingCode, Severity } from "./lint/finding.js";
export { hasErrors } from "./lint/finding.js";
export { type LintReport, lintDefinitionText } from "./lint/lint.js";
export { type CompiledGrader, compileDefinition, type GradeFn } from "./rules/compile.js";
export { interpretGrade } from "./rules/evaluate.js";
export { type NextChange, nextGradeChange } from "./rules/next-change.js";
export { dayOf, formatDay, parseInstant, parseIsoDate, startOfDay } from "./time.js";
