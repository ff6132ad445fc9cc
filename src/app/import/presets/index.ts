import type { ImportMapping } from "../../../contracts/import-mapping.js";
import { HUBSPOT } from "./hubspot.js";
import { SALESFORCE } from "./salesforce.js";

/** Built-in mappings for CRM exports, by the name `--preset` takes. */
export const PRESETS: Readonly<Record<string, ImportMapping>> = {
  hubspot: HUBSPOT,
  salesforce: SALESFORCE,
};
