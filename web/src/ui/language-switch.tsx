import { SegmentedControl } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { changeLanguage, isLanguage, type Language } from "../i18n";

const SHORT = [
  { value: "en", label: "EN" },
  { value: "ru", label: "RU" },
];
const LONG = [
  { value: "en", label: "English" },
  { value: "ru", label: "Русский" },
];

/**
 * The EN/RU switch: changes the interface (and the API's messages) at once; `onPick` may also
 * remember the choice (for the signed-in person, on the server).
 */
export function LanguageSwitch({
  long = false,
  onPick,
}: {
  long?: boolean;
  onPick?: (lng: Language) => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t("common:language")}
      value={i18n.language}
      data={long ? LONG : SHORT}
      onChange={(v) => {
        if (!isLanguage(v)) return;
        void changeLanguage(v);
        onPick?.(v);
      }}
    />
  );
}
