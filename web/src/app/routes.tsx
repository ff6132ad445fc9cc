import { lazy } from "react";
import { createBrowserRouter, Navigate, Outlet, useLocation } from "react-router";
import { type Me, useMe } from "../api/session";
import { SignInPage } from "../features/auth/sign-in-page";
import { ErrorState, Loading } from "../ui/states";
import { useSessionLanguage } from "./language";
import { Shell } from "./shell";

// Screens load on first visit: the sign-in page and the inbox stay small.
const InboxPage = lazy(() => import("../features/inbox/inbox-page").then((m) => ({ default: m.InboxPage })));
const LeadPage = lazy(() => import("../features/lead/lead-page").then((m) => ({ default: m.LeadPage })));
const WorkshopPage = lazy(() =>
  import("../features/workshop/workshop-page").then((m) => ({ default: m.WorkshopPage })),
);
const ReportsPage = lazy(() =>
  import("../features/reports/reports-page").then((m) => ({ default: m.ReportsPage })),
);
const SettingsPage = lazy(() =>
  import("../features/settings/settings-page").then((m) => ({ default: m.SettingsPage })),
);
const FirstRunPage = lazy(() =>
  import("../features/first-run/first-run-page").then((m) => ({ default: m.FirstRunPage })),
);

/** Signed-in screens: nobody → sign-in (coming back here after); a password to change → first run. */
function RequireSession() {
  const me = useMe();
  const location = useLocation();
  useSessionLanguage(me.data);
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) {
    const back = location.pathname + location.search;
    return <Navigate to={`/sign-in${back === "/" ? "" : `?next=${encodeURIComponent(back)}`}`} replace />;
  }
  if (needsFirstRun(me.data) && location.pathname !== "/welcome") return <Navigate to="/welcome" replace />;
  return <Outlet context={me.data} />;
}

/** The first-run screen stands outside the shell; the rest live inside it. */
function ShellRoute() {
  const me = useMe().data;
  return me ? <Shell me={me} /> : null;
}

/** True while the person must change a one-time password or the admin has set-up left to do. */
function needsFirstRun(me: Me): boolean {
  return me.mustChangePassword || me.setupPending;
}

export const router = createBrowserRouter([
  { path: "/sign-in", element: <SignInPage /> },
  {
    element: <RequireSession />,
    children: [
      { path: "/welcome", element: <FirstRunPage /> },
      {
        element: <ShellRoute />,
        children: [
          { index: true, element: <InboxPage /> },
          { path: "/leads/:id", element: <LeadPage /> },
          { path: "/definition/*", element: <WorkshopPage /> },
          { path: "/reports", element: <ReportsPage /> },
          { path: "/settings/*", element: <SettingsPage /> },
          { path: "*", element: <NotFound /> },
        ],
      },
    ],
  },
]);

function NotFound() {
  return <ErrorState error={new Error("404")} />;
}
