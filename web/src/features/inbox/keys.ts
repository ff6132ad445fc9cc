const isMac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

/** The command palette's keys as this computer names them. */
export const PALETTE_KEYS = [isMac ? "⌘" : "Ctrl", "K"] as const;
