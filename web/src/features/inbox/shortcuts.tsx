import { Group, Modal, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { PALETTE_KEYS } from "./keys";

export interface Shortcut {
  readonly keys: readonly string[];
  /** Text key in the inbox namespace: `hints.*` for the footer, `help.*` for the dialog. */
  readonly hint: string;
  readonly help: string;
}

/** The inbox's keys; the action keys only for the roles that may ever make the move. */
export function inboxShortcuts(role: string): Shortcut[] {
  const sales = role === "sales" || role === "sales_head" || role === "admin";
  const marketing = role === "marketing" || role === "marketing_head" || role === "admin";
  return [
    { keys: ["j", "k"], hint: "hints.move", help: "help.next" },
    { keys: ["Enter"], hint: "hints.open", help: "help.open" },
    { keys: ["/"], hint: "hints.search", help: "help.search" },
    ...(sales
      ? [
          { keys: ["a"], hint: "hints.accept", help: "help.accept" },
          { keys: ["r"], hint: "hints.reject", help: "help.reject" },
        ]
      : []),
    ...(marketing
      ? [
          { keys: ["h"], hint: "hints.handOff", help: "help.handOff" },
          { keys: ["n"], hint: "hints.nurture", help: "help.nurture" },
          { keys: ["c"], hint: "hints.create", help: "help.create" },
        ]
      : []),
    { keys: ["?"], hint: "hints.help", help: "help.help" },
    { keys: PALETTE_KEYS, hint: "hints.palette", help: "help.palette" },
  ];
}

function Keys({ keys, joiner }: { keys: readonly string[]; joiner: string }) {
  return (
    <span>
      {keys.map((k, i) => (
        <span key={k}>
          {i > 0 && joiner}
          <kbd className="shortcut">{k}</kbd>
        </span>
      ))}
    </span>
  );
}

/** The footer line: every key of the screen, always in sight. */
export function ShortcutHints({ shortcuts }: { shortcuts: readonly Shortcut[] }) {
  const { t } = useTranslation("inbox");
  return (
    <Group gap="md" data-testid="inbox-shortcuts" aria-label={t("hints.label")} role="note">
      {shortcuts.map((s) => (
        <Text key={s.hint} size="xs" c="dimmed" span>
          <Keys keys={s.keys} joiner={s.keys[0] === "j" ? "/" : "+"} /> {t(s.hint)}
        </Text>
      ))}
    </Group>
  );
}

/** `?`: the full list with what each key does. */
export function ShortcutHelp({
  opened,
  onClose,
  shortcuts,
}: {
  opened: boolean;
  onClose: () => void;
  shortcuts: readonly Shortcut[];
}) {
  const { t } = useTranslation("inbox");
  const rows = shortcuts.flatMap((s) =>
    s.keys[0] === "j"
      ? [
          { keys: ["j"], text: t("help.next") },
          { keys: ["k"], text: t("help.previous") },
        ]
      : [{ keys: s.keys, text: t(s.help) }],
  );
  rows.push({ keys: ["Esc"], text: t("help.escape") });
  return (
    <Modal
      closeButtonProps={{ "aria-label": t("close", { ns: "common" }) }}
      opened={opened}
      onClose={onClose}
      title={t("help.title")}
      data-testid="shortcut-help"
    >
      <Table>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.keys.join("+")}>
              <Table.Td w={110}>
                <Keys keys={r.keys} joiner="+" />
              </Table.Td>
              <Table.Td>{r.text}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed" mt="sm">
        {t("help.note")}
      </Text>
    </Modal>
  );
}
