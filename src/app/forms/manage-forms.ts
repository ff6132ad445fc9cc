import { type FormConfig, type FormInput, formInputSchema } from "../../contracts/api-capture.js";
import { AppError, type Definition } from "../../core/index.js";
import { findApiKeyById } from "../../store/api-keys.js";
import { findActiveDefinition } from "../../store/definitions.js";
import {
  deleteForm as deleteFormRow,
  type FormRow,
  findFormById,
  insertForm,
  listForms as listFormRows,
  updateForm as updateFormRow,
} from "../../store/forms.js";
import type { Db } from "../../store/leads.js";
import type { AppDeps } from "../deps.js";
import { noActiveDefinition } from "../grading.js";
import { inTransaction } from "../transaction.js";
import { type FieldProblem, invalid, parseInput } from "../validation.js";
import { checkForm } from "./check-form.js";

/**
 * Web forms as configuration: created, changed and removed by the people the HTTP layer allows,
 * each checked against the active definition's catalogue and its capture key when saved.
 * Codes: `form.not_found`, `validation.invalid`.
 */

export interface StoredForm {
  readonly id: string;
  readonly name: string;
  readonly keyId: string;
  readonly config: FormConfig;
  readonly createdBy: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export function formOf(row: FormRow): StoredForm {
  const config = formInputSchema.parse({
    ...JSON.parse(row.config),
    name: row.name,
    keyId: row.key_id,
    locales: JSON.parse(row.locales),
  });
  return {
    id: row.id,
    name: row.name,
    keyId: row.key_id,
    config,
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** The active definition, read outside any transaction: forms only read its catalogue. */
export async function activeDefinition(deps: AppDeps): Promise<Definition> {
  const row = await findActiveDefinition(deps.store.db);
  if (!row) throw noActiveDefinition();
  return deps.graders.get(row.version, row.source).definition;
}

/** Whether a key may capture: it exists, is not revoked and holds the `capture` scope. */
export async function isCaptureKey(db: Db, keyId: string): Promise<boolean> {
  const key = await findApiKeyById(db, keyId);
  return (
    key !== undefined && key.revoked_at === null && (JSON.parse(key.scopes) as string[]).includes("capture")
  );
}

export function formNotFound(id: string): AppError {
  return new AppError("form.not_found", { en: `no form ${id}`, ru: `нет формы ${id}` }, { id });
}

export async function getForm(deps: AppDeps, id: string): Promise<StoredForm> {
  const form = await findForm(deps, id);
  if (!form) throw formNotFound(id);
  return form;
}

export async function findForm(deps: AppDeps, id: string): Promise<StoredForm | null> {
  const row = await findFormById(deps.store.db, id);
  return row ? formOf(row) : null;
}

export async function listForms(deps: AppDeps): Promise<StoredForm[]> {
  return (await listFormRows(deps.store.db)).map(formOf);
}

/** Problems of a stored form under the active definition (a newer version may have dropped a fact). */
export async function formProblems(deps: AppDeps, form: StoredForm): Promise<FieldProblem[]> {
  return checkForm(await activeDefinition(deps), form.config, "");
}

/** Creates a form; `at` prefixes problem paths (`body`). */
export async function createForm(
  deps: AppDeps,
  input: FormInput,
  actor: string,
  at = "",
): Promise<StoredForm> {
  const config = parseInput(formInputSchema, input);
  return inTransaction(deps, async (trx) => {
    await checkOrThrow(deps, trx, config, at);
    const now = deps.clock();
    const row: FormRow = { id: deps.newId(), created_by: actor, created_at: now, ...columnsOf(config, now) };
    await insertForm(trx, row);
    return formOf(row);
  });
}

/** Replaces a form's whole configuration; its id, and so its address and snippet, stay. */
export async function updateForm(deps: AppDeps, id: string, input: FormInput, at = ""): Promise<StoredForm> {
  const config = parseInput(formInputSchema, input);
  return inTransaction(deps, async (trx) => {
    const row = await findFormById(trx, id);
    if (!row) throw formNotFound(id);
    await checkOrThrow(deps, trx, config, at);
    const change = columnsOf(config, deps.clock());
    await updateFormRow(trx, id, change);
    return formOf({ ...row, ...change });
  });
}

export async function deleteForm(deps: AppDeps, id: string): Promise<void> {
  if (!(await inTransaction(deps, (trx) => deleteFormRow(trx, id)))) throw formNotFound(id);
}

async function checkOrThrow(deps: AppDeps, db: Db, config: FormConfig, at: string): Promise<void> {
  const row = await findActiveDefinition(db);
  if (!row) throw noActiveDefinition();
  const problems = checkForm(deps.graders.get(row.version, row.source).definition, config, at);
  if (!(await isCaptureKey(db, config.keyId)))
    problems.push({ path: join(at, "keyId"), message: "no live API key with the capture scope has this id" });
  if (problems.length > 0) throw invalid(problems);
}

function columnsOf(config: FormConfig, now: number) {
  const { name, keyId, locales, ...rest } = config;
  return {
    name,
    key_id: keyId,
    locales: JSON.stringify(locales),
    config: JSON.stringify(rest),
    updated_at: now,
  };
}

function join(at: string, path: string): string {
  return at ? `${at}.${path}` : path;
}
