import { List, Stack, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useLocalText } from "../../api/definition";
import type { GradeDescription } from "./api";

/** Colours by position, as the grade badge: the first grade (strongest) hottest. */
const PALETTE = ["red", "orange", "yellow", "teal", "blue", "grape", "gray"] as const;

/**
 * A definition's grades as people read them: each grade, then its conditions in words in the
 * interface language, in the order they are checked. Used for the active version and the draft.
 */
export function GradesTable({ grades, testId }: { grades: readonly GradeDescription[]; testId: string }) {
  const { t, i18n } = useTranslation("workshop");
  const local = useLocalText();
  const lang = i18n.language === "ru" ? "ru" : "en";
  return (
    <Table verticalSpacing="sm" data-testid={testId} layout="fixed">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w="28%">{t("grades.grade")}</Table.Th>
          <Table.Th>{t("grades.conditions")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {grades.map((g, i) => (
          <Table.Tr key={g.grade} data-testid="grade-row" data-grade={g.grade}>
            <Table.Td style={{ verticalAlign: "top" }}>
              <Stack gap={2}>
                <Text fw={700}>
                  <Text span c={`${PALETTE[Math.min(i, PALETTE.length - 1)]}.6`} aria-hidden>
                    {"● "}
                  </Text>
                  {local(g.label)}
                </Text>
                <Text size="xs" c="dimmed" ff="monospace">
                  {g.grade}
                </Text>
              </Stack>
            </Table.Td>
            <Table.Td style={{ verticalAlign: "top" }}>
              {g.fallback ? (
                <Text size="sm">{t("grades.fallback")}</Text>
              ) : (
                <Stack gap={4}>
                  {g.conditions[lang].length > 1 && (
                    <Text size="sm" c="dimmed">
                      {t(g.join === "any" ? "grades.any" : "grades.all")}
                    </Text>
                  )}
                  <List size="sm" spacing={2}>
                    {g.conditions[lang].map((c) => (
                      <List.Item key={c}>{c}</List.Item>
                    ))}
                  </List>
                </Stack>
              )}
              {g.description && (
                <Text size="xs" c="dimmed" mt={4}>
                  {local(g.description)}
                </Text>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
