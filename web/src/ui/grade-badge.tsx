import { Badge, Tooltip } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useCatalogue, useLocalText } from "../api/definition";

/** Colours by position in the definition: the first grade (strongest) hottest. */
const PALETTE = ["red", "orange", "yellow", "teal", "blue", "grape", "gray"] as const;

export interface GradeBadgeProps {
  readonly grade: string | null;
  readonly version?: number | null;
  /** Why, in words (the explanation's first sentence); shown in the tooltip with the version. */
  readonly why?: string;
}

/**
 * A grade as everyone sees it: the definition's own label, a colour per grade position, and the
 * version and the reason one hover away. Never typed, always computed.
 */
export function GradeBadge({ grade, version, why }: GradeBadgeProps) {
  const { t } = useTranslation();
  const local = useLocalText();
  const catalogue = useCatalogue().data;
  const index = catalogue?.grades.findIndex((g) => g.key === grade) ?? -1;
  const label = grade === null ? t("ungraded") : local(catalogue?.grades[index]?.label) || grade;
  const color =
    grade === null || index < 0 ? "gray" : (PALETTE[Math.min(index, PALETTE.length - 1)] ?? "gray");
  const tip =
    version == null
      ? label
      : why
        ? t("gradeTooltip", { grade: label, version, why })
        : t("gradeTooltipNoWhy", { grade: label, version });
  const filled = index === 0;
  return (
    <Tooltip label={tip} multiline maw={360} withArrow openDelay={200}>
      <Badge
        // WCAG AA: white on the darkest shade when filled; dark text (a coloured dot) when light.
        color={filled ? `${color}.9` : color}
        variant={filled ? "filled" : "light"}
        c={filled ? undefined : "dark.8"}
        radius="sm"
        tabIndex={0}
        aria-label={tip}
        data-grade={grade ?? ""}
        leftSection={
          <span aria-hidden style={filled ? undefined : { color: `var(--mantine-color-${color}-7)` }}>
            ●
          </span>
        }
      >
        {label}
      </Badge>
    </Tooltip>
  );
}
