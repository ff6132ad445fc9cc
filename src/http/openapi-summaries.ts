/**
 * One-line summaries of the API's operations for the OpenAPI document, keyed by `"METHOD /url"` as
 * the route is written in its file (`:id`, not `{id}`). A route's own `schema.summary` wins; every
 * route needs one or the other (src/http/openapi.test.ts names any route without).
 */
export const SUMMARIES: Readonly<Record<string, string>> = {
  // health
  "GET /api/v1/health": "Liveness: the process answers",
  "GET /api/v1/ready": "Readiness: the database answers too",
  // auth
  "POST /api/v1/auth/sign-in": "Sign in (sets the session cookie)",
  "POST /api/v1/auth/sign-out": "Sign out",
  "GET /api/v1/auth/me": "Who is signed in: CSRF token, language, company, first-run state",
  "PATCH /api/v1/auth/me": "Change one's own interface language",
  "POST /api/v1/auth/password": "Change one's own password",
  // settings
  "GET /api/v1/settings": "Company name, default language, whether the first run is done",
  "PUT /api/v1/settings": "Set the company name and default language (admin)",
  "POST /api/v1/settings/setup-done": "Finish the first-run set-up (admin; needs both department heads)",
  // leads
  "GET /api/v1/leads": "List leads (filters, sort, cursor pages)",
  "POST /api/v1/leads": "Create a lead with its first facts (graded at once)",
  "GET /api/v1/leads/count": "How many leads match the list's filters (up to 1000)",
  "GET /api/v1/leads/:id": "A lead: grade, why, facts with evidence, history",
  "POST /api/v1/leads/:id/facts": "Record observed facts on a lead (regrades it)",
  "POST /api/v1/leads/:id/erase": "Erase a lead's personal data (anonymised facts, grades and outcomes stay)",
  "GET /api/v1/sla/breaches": "Hand-offs past their service level, most overdue first",
  // lead moves
  "POST /api/v1/leads/:id/nurture": "Keep a captured lead in marketing to nurture it",
  "POST /api/v1/leads/:id/hand-off": "Hand a lead off to sales",
  "POST /api/v1/leads/:id/accept": "Accept a handed-off lead (sales)",
  "POST /api/v1/leads/:id/reject": "Reject a handed-off lead, with a reason from the definition",
  "POST /api/v1/leads/:id/opportunity": "Turn an accepted lead into an opportunity",
  "POST /api/v1/leads/:id/win": "Mark an opportunity won, with its amount and currency",
  "POST /api/v1/leads/:id/lose": "Mark an opportunity lost, with a lost-reason code",
  "POST /api/v1/leads/:id/recycle": "Take a rejected or lost lead back to nurturing",
  // disputes
  "POST /api/v1/leads/:id/disputes": "Dispute a fact of a lead: the value observed, with evidence",
  "GET /api/v1/disputes": "List open disputes, oldest first",
  "POST /api/v1/disputes/:id/resolve": "Resolve a dispute",
  // definitions
  "GET /api/v1/definitions": "List definition versions and their status",
  "POST /api/v1/definitions": "Save a definition's source as a new draft",
  "GET /api/v1/definitions/active": "The active definition, with its source and grades",
  "GET /api/v1/definitions/:version": "One definition version, with its source and grades",
  "POST /api/v1/definitions/lint": "Check a definition's source without saving it",
  "POST /api/v1/definitions/simulate": "Preview a definition (source or saved version) on the stored leads",
  "POST /api/v1/definitions/:version/propose": "Propose a draft for approval",
  "POST /api/v1/definitions/:version/approve": "Approve a proposed definition (a department head)",
  "POST /api/v1/definitions/:version/activate":
    "Activate an approved definition; answers 202 with the background regrade of open leads",
  "GET /api/v1/definitions/:version/activation": "Progress of a version's activation (its regrade job)",
  "GET /api/v1/catalogue": "The active definition's facts, grades and reasons",
  // users
  "GET /api/v1/users": "List users",
  "POST /api/v1/users": "Add a user (with a one-time password unless one is given)",
  "PATCH /api/v1/users/:id": "Change a user's name or role, or disable them",
  "POST /api/v1/users/:id/reset-password": "Reset a user's password to a new one-time password",
  "POST /api/v1/users/:id/revoke-sessions": "Sign a user out everywhere",
  // keys
  "GET /api/v1/keys": "List API keys (secrets are never shown again)",
  "POST /api/v1/keys": "Create an API key (its secret is shown once)",
  "POST /api/v1/keys/:id/revoke": "Revoke an API key",
  // saved views
  "GET /api/v1/views": "My saved lead-list views, in order",
  "POST /api/v1/views": "Save a lead-list view",
  "PATCH /api/v1/views/:id": "Rename, change or move one of my saved views",
  "DELETE /api/v1/views/:id": "Delete one of my saved views",
  "GET /api/v1/people": "People's names and roles, for owner names and filters",
};

/** Descriptions of the document's tags, in the order they are listed. */
export const TAGS: Readonly<Record<string, string>> = {
  health: "Liveness and readiness probes.",
  auth: "Signing in and out, the signed-in person, their password.",
  leads: "Leads, their observed facts with evidence, and their grades.",
  "lead moves": "Moving a lead through its lifecycle (nurture, hand-off, accept, reject, win, lose…).",
  disputes: "Disputing a grade, and resolving disputes.",
  definitions: "The grading definition: drafts, lint, simulation, approval by both heads, activation.",
  catalogue: "The active definition's facts, grades and reasons, for forms and screens.",
  users: "People who sign in, and their roles (admin).",
  keys: "API keys for machines, with scopes (admin).",
  capture: "Capturing leads from websites and other systems with a capture key.",
  forms: "Embeddable web forms and their public pages.",
  webhooks: "Webhooks: events pushed to other systems, with a delivery log.",
  reports: "How leads are graded and how each grade converts, by source, campaign and definition version.",
  settings: "Company settings, the first-run set-up, and the service levels in force.",
  views: "Each person's saved lead-list views.",
};
