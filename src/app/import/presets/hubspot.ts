import type { ImportMapping } from "../../../contracts/import-mapping.js";

/**
 * HubSpot's contact export ("Export contacts", default properties). The typed statuses —
 * Lead Status, Lifecycle Stage, HubSpot Score — are someone's judgement or a score, not facts
 * the prospect stated: Truce computes grades from facts, so they are ignored on purpose.
 * Columns for your own properties (decision date, budget…) are mapped by their headers or a file.
 */
export const HUBSPOT: ImportMapping = {
  columns: {
    "First Name": "first_name",
    "Last Name": "last_name",
    Email: "email",
    "Phone Number": "phone",
    "Mobile Phone Number": "phone",
    "Company Name": "company",
    "Original Source": "source",
    "Original Source Type": "source",
    "Original Source Drill-Down 1": "ignore",
    "Original Source Drill-Down 2": "ignore",
    "Lead Status": "ignore",
    "Lifecycle Stage": "ignore",
    "HubSpot Score": "ignore",
    "Contact owner": "ignore",
    "Record ID": "ignore",
    "Create Date": "ignore",
    "Last Activity Date": "ignore",
    "UTM Source": "utm_source",
    "UTM Medium": "utm_medium",
    "UTM Campaign": "utm_campaign",
    "UTM Term": "utm_term",
    "UTM Content": "utm_content",
  },
};
