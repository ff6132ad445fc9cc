import "@mantine/core/styles.css";
import "./app/app.css";
import { createTheme, MantineProvider } from "@mantine/core";
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router";
import { ApiError } from "./api/client";
import { ME_KEY } from "./api/session";
import { router } from "./app/routes";
import { initI18n } from "./i18n";

const theme = createTheme({
  primaryColor: "indigo",
  // Shade 7: white text on the primary colour meets WCAG AA contrast (shade 6 does not).
  primaryShade: { light: 7, dark: 8 },
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif",
  defaultRadius: "sm",
  focusRing: "auto",
});

/**
 * A session that ended elsewhere (expired, revoked, the person disabled or their password reset)
 * shows as the sign-in screen, not as an error on every panel: a 401 from any request forgets who
 * is signed in, and the route guard takes over; a forced password change is asked for again.
 */
function onApiError(e: unknown): void {
  if (!(e instanceof ApiError)) return;
  if (e.status === 401) queryClient.setQueryData(ME_KEY, null);
  else if (e.code === "auth.password_change_required")
    void queryClient.invalidateQueries({ queryKey: ME_KEY });
}

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onApiError }),
  mutationCache: new MutationCache({ onError: onApiError }),
  defaultOptions: {
    queries: {
      // A refusal (4xx) will not change by asking again; a network blip may.
      retry: (count, e) => !(e instanceof ApiError && e.status < 500) && count < 2,
      refetchOnWindowFocus: true,
    },
  },
});

await initI18n();

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
