import type { LocalText } from "./i18n.js";

/**
 * The one error type for failures a caller can act on. `code` is stable (clients switch on it;
 * the HTTP layer maps it to a status in one table); `userMessage` is what a person reads, in
 * both languages; `details` names what and where (field paths, allowed values, ids).
 * The English message doubles as the internal `message` for logs.
 *
 * Codes by family — `*.not_found` (missing), `*.invalid` / `validation.*` (bad input),
 * `*.conflict` (state changed under the caller), `lifecycle.*` (illegal moves),
 * `definition.*` (definition workflow), `auth.*` / `*.forbidden` (who may).
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly userMessage: LocalText,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(userMessage.en);
    this.name = "AppError";
  }

  toJSON(): {
    code: string;
    message: string;
    messageRu?: string | undefined;
    details: Readonly<Record<string, unknown>>;
  } {
    return {
      code: this.code,
      message: this.userMessage.en,
      messageRu: this.userMessage.ru,
      details: this.details,
    };
  }
}

export function isAppError(e: unknown, code?: string): e is AppError {
  return e instanceof AppError && (code === undefined || e.code === code);
}
