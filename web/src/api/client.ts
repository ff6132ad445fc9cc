import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./schema.gen";

/** The API's error body: a stable code, a message in the caller's language, details (field paths…). */
export interface ApiErrorBody {
  readonly code: string;
  readonly message: string;
  readonly details: Record<string, unknown>;
}

/** A refused request, carrying the server's `{ code, message, details }` and the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message);
    this.name = "ApiError";
  }
  get code(): string {
    return this.body.code;
  }
  /** Field problems of a `validation.invalid` answer, as `{ path, message }`. */
  get problems(): { path: string; message: string }[] {
    const p = this.body.details.problems;
    return Array.isArray(p) ? (p as { path: string; message: string }[]) : [];
  }
}

let csrfToken: string | null = null;
let language = "en";

/** The session's CSRF token (from sign-in or /auth/me), sent on every write. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}
/** The interface language: the server answers errors in it. */
export function setApiLanguage(lang: string): void {
  language = lang;
}

const session: Middleware = {
  onRequest({ request }) {
    request.headers.set("accept-language", language);
    if (csrfToken && request.method !== "GET" && request.method !== "HEAD")
      request.headers.set("x-csrf-token", csrfToken);
    return request;
  },
};

/** The typed client of /api/v1: paths, parameters and bodies come from the server's OpenAPI document. */
export const api = createClient<paths>({ baseUrl: "", credentials: "same-origin" });
api.use(session);

/**
 * Unwraps an openapi-fetch result: the data, or an ApiError thrown with the server's body.
 * Use inside TanStack Query functions and mutations.
 */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const body =
    error && typeof error === "object" && "code" in error
      ? (error as ApiErrorBody)
      : {
          code: `http.${response.status}`,
          message: response.statusText || String(response.status),
          details: {},
        };
  throw new ApiError(response.status, body);
}
