import type { Me } from "../../api/session";

/** Ctrl/⌘+K: every action and screen by name. (Built with the inbox.) */
export function CommandPalette(_props: { me: Me }) {
  return null;
}
