import i18next from "i18next";
import { config } from "zod";
import { en, ru } from "zod/locales";

/**
 * Form checks in the interface language: zod's own messages ("Too big…") follow i18next. Imported
 * for its effect by the screens whose forms use zod, so zod stays out of the first load.
 */
const apply = (lng: string) => config(lng === "ru" ? ru() : en());
apply(i18next.language);
i18next.on("languageChanged", apply);
