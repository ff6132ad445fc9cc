import { useQuery } from "@tanstack/react-query";
import { api, ok } from "../../api/client";
import type { Role } from "../../api/session";

const fetchVersions = () => ok(api.GET("/api/v1/definitions"));
const fetchActive = () => ok(api.GET("/api/v1/definitions/active"));
const fetchVersion = (version: number) =>
  ok(api.GET("/api/v1/definitions/{version}", { params: { path: { version } } }));

export type VersionView = Awaited<ReturnType<typeof fetchVersions>>[number];
export type VersionDetail = Awaited<ReturnType<typeof fetchActive>>;
export type GradeDescription = VersionDetail["grades"][number];
export type Approval = VersionView["approvals"][number];

/** Every stored version, oldest first, with approvals and names. */
export function useVersions() {
  return useQuery({ queryKey: ["definitions"], queryFn: fetchVersions });
}

export function useActiveDefinition() {
  return useQuery({ queryKey: ["definitions", "active"], queryFn: fetchActive });
}

export function useVersion(version: number | null) {
  return useQuery({
    queryKey: ["definitions", version],
    queryFn: () => fetchVersion(version as number),
    enabled: version !== null,
  });
}

export const lintText = (source: string) => ok(api.POST("/api/v1/definitions/lint", { body: { source } }));
export type LintReport = Awaited<ReturnType<typeof lintText>>;
export type Finding = LintReport["findings"][number];

export const simulateText = (source: string, cell?: { from: string; to: string }) =>
  ok(api.POST("/api/v1/definitions/simulate", { body: cell ? { source, cell, limit: 50 } : { source } }));
export type Simulation = Awaited<ReturnType<typeof simulateText>>;

/** The matrix's key for "no grade" (the server's NO_GRADE). */
export const NO_GRADE = "(none)";

/** Who may take each step (the server's app/definitions/access.ts ALLOWED; the server checks again). */
export const MAY: Readonly<Record<"draft" | "propose" | "approve" | "activate", readonly Role[]>> = {
  draft: ["admin", "marketing", "marketing_head", "sales", "sales_head"],
  propose: ["admin", "marketing", "marketing_head", "sales", "sales_head"],
  approve: ["marketing_head", "sales_head"],
  activate: ["admin", "marketing_head", "sales_head"],
};

export const APPROVER_ROLES = ["marketing_head", "sales_head"] as const;
