import type { CreateView, Person, SavedView, UpdateView } from "../../contracts/api-views.js";
import { AppError } from "../../core/index.js";
import {
  deleteViewOf,
  findViewOf,
  findViewsOf,
  insertView,
  listPeople as listPeopleRows,
  type SavedViewRow,
  updateViewOf,
  viewStatsOf,
} from "../../store/saved-views.js";
import type { AppDeps } from "../deps.js";
import { inTransaction } from "../transaction.js";

/** Enough for anyone's tabs; more would be a list nobody reads. */
export const MAX_VIEWS = 50;

function viewOf(r: SavedViewRow): SavedView {
  return { id: r.id, name: r.name, query: r.query, position: r.position, createdAt: r.created_at };
}

/** Someone else's view answers exactly like a missing one: ids do not leak who saved what. */
function viewNotFound(id: string): AppError {
  return new AppError(
    "view.not_found",
    { en: `you have no saved view ${id}`, ru: `у вас нет сохранённого вида ${id}` },
    { viewId: id },
  );
}

export async function listViews(deps: AppDeps, userId: string): Promise<SavedView[]> {
  return (await findViewsOf(deps.store.db, userId)).map(viewOf);
}

/** Saves a view at the end of the person's list. */
export async function createView(deps: AppDeps, userId: string, input: CreateView): Promise<SavedView> {
  return inTransaction(deps, async (trx) => {
    const { count, lastPosition } = await viewStatsOf(trx, userId);
    if (count >= MAX_VIEWS)
      throw new AppError(
        "view.too_many",
        {
          en: `you have ${MAX_VIEWS} saved views already: delete one first`,
          ru: `у вас уже ${MAX_VIEWS} сохранённых видов: сначала удалите один`,
        },
        { max: MAX_VIEWS },
      );
    const row: SavedViewRow = {
      id: deps.newId(),
      user_id: userId,
      name: input.name,
      query: input.query,
      position: lastPosition + 1,
      created_at: deps.clock(),
    };
    await insertView(trx, row);
    return viewOf(row);
  });
}

export async function updateView(
  deps: AppDeps,
  userId: string,
  id: string,
  change: UpdateView,
): Promise<SavedView> {
  return inTransaction(deps, async (trx) => {
    const updated = await updateViewOf(trx, userId, id, {
      ...(change.name === undefined ? {} : { name: change.name }),
      ...(change.query === undefined ? {} : { query: change.query }),
      ...(change.position === undefined ? {} : { position: change.position }),
    });
    const row = updated ? await findViewOf(trx, userId, id) : undefined;
    if (!row) throw viewNotFound(id);
    return viewOf(row);
  });
}

export async function deleteView(deps: AppDeps, userId: string, id: string): Promise<void> {
  if (!(await deleteViewOf(deps.store.db, userId, id))) throw viewNotFound(id);
}

/** Everyone's name and role, for owner names and pickers; disabled people too (old leads name them). */
export async function listPeople(deps: AppDeps): Promise<Person[]> {
  return (await listPeopleRows(deps.store.db)).map((p) => ({
    id: p.id,
    name: p.name,
    role: p.role,
    active: p.disabled_at === null,
  }));
}
