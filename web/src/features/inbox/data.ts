import { useInfiniteQuery, useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ok } from "../../api/client";
import type { LeadListParams } from "./filters";

export const PAGE_SIZE = 50;
/** How often the visible list asks again: another user's change shows within 5 seconds. */
export const REFRESH_MS = 4000;

const fetchPage = (query: LeadListParams, cursor: string | undefined) =>
  ok(api.GET("/api/v1/leads", { params: { query: { ...query, limit: PAGE_SIZE, cursor } } }));

export type LeadPage = Awaited<ReturnType<typeof fetchPage>>;
export type LeadRow = LeadPage["items"][number];

/**
 * The list, page by page on the server's keyset cursor. Polling (not server-sent events): every
 * 4 s while the tab is visible TanStack Query refetches the loaded pages in order, each from the
 * fresh previous page's cursor, and swaps the data in place: the rows keep their keys, so the
 * scroll position and the selected lead (kept by id) survive.
 */
export function useLeadPages(query: LeadListParams) {
  return useInfiniteQuery({
    queryKey: ["leads", "inbox", query],
    queryFn: ({ pageParam }) => fetchPage(query, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: REFRESH_MS,
    refetchIntervalInBackground: false,
    placeholderData: (previous) => previous,
    staleTime: 2000,
  });
}

/**
 * How many leads each view holds (the server counts up to 1000), refreshed every 30 s. Views with
 * a text search get no count: a search scans, and tabs must stay cheap.
 */
export function useViewCounts(queries: readonly (LeadListParams | null)[]) {
  return useQueries({
    queries: queries.map((query) => ({
      queryKey: ["leads", "count", query],
      queryFn: () => {
        const { sort, ...rest } = query ?? {};
        // Only `due` changes what is counted (waiting leads only).
        const q = sort === "due" ? { ...rest, sort } : rest;
        return ok(api.GET("/api/v1/leads/count", { params: { query: q } }));
      },
      enabled: query !== null && query.q === undefined,
      staleTime: 15_000,
      refetchInterval: 30_000,
    })),
  });
}

export type Person = Awaited<ReturnType<typeof fetchPeople>>[number];
const fetchPeople = () => ok(api.GET("/api/v1/people"));

/** Everyone's names, for the owner column and filter. */
export function usePeople() {
  return useQuery({ queryKey: ["people"], queryFn: fetchPeople, staleTime: 5 * 60_000 });
}

const fetchViews = () => ok(api.GET("/api/v1/views"));
export type SavedView = Awaited<ReturnType<typeof fetchViews>>[number];
const VIEWS_KEY = ["views"] as const;

export function useSavedViews() {
  return useQuery({ queryKey: VIEWS_KEY, queryFn: fetchViews, staleTime: 60_000 });
}

export function useSaveView() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; query: string }) => ok(api.POST("/api/v1/views", { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: VIEWS_KEY }),
  });
}

export function useDeleteView() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => ok(api.DELETE("/api/v1/views/{id}", { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: VIEWS_KEY }),
  });
}

/** The moves the caller may make on a lead now, as the lead's page lists them. */
export async function availableMovesOf(id: string): Promise<string[]> {
  const d = await ok(api.GET("/api/v1/leads/{id}", { params: { path: { id } } }));
  return [...d.availableMoves];
}

/** Moves that take no body: the inbox does them at a key press. */
export type QuickMove = "accept" | "hand-off" | "nurture";
export async function quickMove(id: string, move: QuickMove): Promise<void> {
  const params = { params: { path: { id } }, body: {} };
  if (move === "accept") await ok(api.POST("/api/v1/leads/{id}/accept", params));
  else if (move === "hand-off") await ok(api.POST("/api/v1/leads/{id}/hand-off", params));
  else await ok(api.POST("/api/v1/leads/{id}/nurture", params));
}
