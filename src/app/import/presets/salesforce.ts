import type { ImportMapping } from "../../../contracts/import-mapping.js";

/**
 * Salesforce lead and contact exports (Data Export or a report exported as CSV), standard
 * fields. Rating (Hot/Warm/Cold) is a grade a person typed and Lead Status a pipeline state:
 * Truce computes grades from recorded facts, so both are ignored on purpose.
 */
export const SALESFORCE: ImportMapping = {
  columns: {
    "First Name": "first_name",
    "Last Name": "last_name",
    "Full Name": "name",
    Name: "name",
    Email: "email",
    Phone: "phone",
    Mobile: "phone",
    "Mobile Phone": "phone",
    Company: "company",
    "Company / Account": "company",
    "Account Name": "company",
    "Lead Source": "source",
    "Campaign Name": "campaign",
    Rating: "ignore",
    "Lead Status": "ignore",
    Status: "ignore",
    "Lead ID": "ignore",
    "Contact ID": "ignore",
    "Lead Owner": "ignore",
    "Contact Owner": "ignore",
    "Created Date": "ignore",
    "Last Modified Date": "ignore",
    Title: "ignore",
    Industry: "ignore",
  },
};
