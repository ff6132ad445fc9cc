import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import { ApiError } from "../api/client";

/**
 * Puts the server's refusal next to the fields it concerns: each `validation.invalid` problem whose
 * path names a form field (`body.email` → `email`) goes to that field; the rest, and any other
 * error, goes to `root.server`. Messages come in the user's language (the client sends it).
 */
export function applyApiError<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: readonly Path<T>[],
): void {
  if (error instanceof ApiError) {
    let placed = false;
    for (const p of error.problems) {
      const path = p.path.replace(/^body\./, "") as Path<T>;
      if (fields.includes(path)) {
        setError(path, { type: "server", message: p.message });
        placed = true;
      }
    }
    if (!placed) setError("root.server" as Path<T>, { type: error.code, message: error.message });
    return;
  }
  setError("root.server" as Path<T>, { type: "network", message: String(error) });
}
