import { Badge, Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/format";
import { APPROVER_ROLES, type VersionView } from "./api";

const STATUS_COLOR = {
  draft: "gray",
  proposed: "blue",
  approved: "teal",
  active: "green",
  retired: "gray",
} as const;

export function StatusBadge({ status }: { status: VersionView["status"] }) {
  const { t } = useTranslation("workshop");
  return (
    <Badge
      color={STATUS_COLOR[status]}
      c="dark.8"
      variant="light"
      radius="sm"
      data-testid="version-status"
      data-status={status}
    >
      {t(`status.${status}`)}
    </Badge>
  );
}

/** "Head of marketing ✓ Olga, 28 Nov 2026 · Head of sales — waiting". */
export function ApprovalsLine({ version }: { version: VersionView }) {
  const { t } = useTranslation("workshop");
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  // Two approvals by one person happen only at set-up, when the administrator installs the first
  // version for both heads (approvals otherwise need two different people): say so, not "✓".
  const [first, second] = version.approvals;
  if (first && second && first.userId === second.userId) {
    return (
      <Text size="sm" c="dimmed" data-testid="approvals" data-set-up="yes">
        {t("approvals.setUp", { name: first.name ?? first.userId, date: fmt.date(first.at) })}
      </Text>
    );
  }
  return (
    <Group gap="xs" wrap="wrap" data-testid="approvals" aria-label={t("approvals.label")}>
      {APPROVER_ROLES.map((role, i) => {
        const a = version.approvals.find((x) => x.role === role);
        const roleName = tc(`roles.${role}`);
        return (
          <Text key={role} size="sm" data-testid={`approval-${role}`} data-approved={a ? "yes" : "no"}>
            {i > 0 && (
              <Text span c="dimmed" aria-hidden>
                {"· "}
              </Text>
            )}
            {a ? (
              t("approvals.done", { role: roleName, name: a.name ?? a.userId, date: fmt.date(a.at) })
            ) : (
              <Text span c="dimmed">
                {t("approvals.waiting", { role: roleName })}
              </Text>
            )}
          </Text>
        );
      })}
    </Group>
  );
}

/** Version number, status, who drafted it, who activated it, and the approvals. */
export function VersionSummary({ version }: { version: VersionView }) {
  const { t } = useTranslation("workshop");
  const fmt = useFormat();
  return (
    <Group gap="sm" wrap="wrap" data-testid="version-summary" data-version={version.version}>
      <Text fw={600}>{t("versionTitle", { version: version.version })}</Text>
      <StatusBadge status={version.status} />
      <Text size="sm" c="dimmed">
        {t("createdBy", {
          name: version.createdByName ?? version.createdBy,
          date: fmt.date(version.createdAt),
        })}
      </Text>
      {version.activatedAt !== null && (
        <Text size="sm" c="dimmed">
          {t("activatedBy", {
            name: version.activatedByName ?? version.activatedBy ?? "",
            date: fmt.date(version.activatedAt),
          })}
        </Text>
      )}
      <ApprovalsLine version={version} />
    </Group>
  );
}
