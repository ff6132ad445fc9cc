import { useMantineTheme } from "@mantine/core";
import { useCatalogue } from "../../api/definition";

/** As `<GradeBadge>`: colours by the grade's position in the definition, the strongest first. */
const PALETTE = ["red", "orange", "yellow", "teal", "blue", "grape", "gray"] as const;

/** The grade's colour (shade 6 of its Mantine colour), the same order as the badges; grey for none. */
export function useGradeColor() {
  const theme = useMantineTheme();
  const grades = useCatalogue().data?.grades ?? [];
  return (grade: string): string => {
    const i = grades.findIndex((g) => g.key === grade);
    const name = i < 0 ? "gray" : (PALETTE[Math.min(i, PALETTE.length - 1)] ?? "gray");
    return theme.colors[name]?.[6] ?? "#868e96";
  };
}

/** The key the API gives leads without a grade. */
export const NO_GRADE = "(none)";
