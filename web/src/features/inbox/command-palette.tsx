import { Modal } from "@mantine/core";
import { useDisclosure, useHotkeys } from "@mantine/hooks";
import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import type { Me } from "../../api/session";
import { Loading } from "../../ui/states";
import { PALETTE_KEYS } from "./keys";

const PaletteBody = lazy(() => import("./palette-dialog").then((m) => ({ default: m.PaletteBody })));

/**
 * Ctrl/⌘+K: screens, views, a lead by name, the language — typed, filtered, run with Enter. A
 * small dialog with a combobox and a listbox (Mantine core has no spotlight), mounted app-wide;
 * its content loads on first use so the shell stays small.
 */
export function CommandPalette({ me }: { me: Me }) {
  const [opened, { open, close, toggle }] = useDisclosure(false);
  // In text boxes too: the palette is the way out of anywhere.
  useHotkeys([["mod+K", toggle]], []);
  const { t } = useTranslation("inbox");
  return (
    <>
      <button
        type="button"
        className="skip-link"
        onClick={open}
        aria-keyshortcuts="Control+K Meta+K"
        data-testid="palette-open"
      >
        {t("palette.open")} ({PALETTE_KEYS.join("+")})
      </button>
      <Modal
        closeButtonProps={{ "aria-label": t("close", { ns: "common" }) }}
        opened={opened}
        onClose={close}
        title={t("palette.title")}
        size="lg"
        yOffset="10vh"
        data-testid="command-palette"
      >
        {opened && (
          <Suspense fallback={<Loading />}>
            <PaletteBody me={me} close={close} />
          </Suspense>
        )}
      </Modal>
    </>
  );
}
