import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, api, ok, setCsrfToken } from "./client";

export type Role = "admin" | "marketing" | "marketing_head" | "sales" | "sales_head";

/** Who is signed in (GET /auth/me), or null when nobody is. */
export type Me = NonNullable<Awaited<ReturnType<typeof fetchMe>>>;

async function fetchMe() {
  try {
    const me = await ok(api.GET("/api/v1/auth/me"));
    setCsrfToken(me.csrfToken);
    return me;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw e;
  }
}

export const ME_KEY = ["auth", "me"] as const;

/** The signed-in person (null: nobody), shared by every screen. */
export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000, retry: false });
}

/** After sign-in or sign-out: drop every cached answer and ask who is here again. */
export function useResetSession() {
  const qc = useQueryClient();
  return async () => {
    qc.clear();
    await qc.fetchQuery({ queryKey: ME_KEY, queryFn: fetchMe });
  };
}

export const isMarketing = (r: string) => r === "marketing" || r === "marketing_head" || r === "admin";
export const isSales = (r: string) => r === "sales" || r === "sales_head" || r === "admin";
export const isHead = (r: string) => r === "marketing_head" || r === "sales_head";
