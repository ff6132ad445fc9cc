import { Button, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useCatalogue, useLocalText } from "../../api/definition";
import { ErrorState, Loading } from "../../ui/states";
import { useActiveDefinition } from "./api";
import { GradesTable } from "./grades-table";
import { VersionSummary } from "./version-summary";

/** The active definition, readable: grades with their conditions in words, and the facts' guides. */
export function ActivePage() {
  const { t } = useTranslation("workshop");
  const local = useLocalText();
  const active = useActiveDefinition();
  const catalogue = useCatalogue();
  if (active.isPending || catalogue.isPending) return <Loading />;
  if (active.isError) return <ErrorState error={active.error} onRetry={() => void active.refetch()} />;
  if (catalogue.isError)
    return <ErrorState error={catalogue.error} onRetry={() => void catalogue.refetch()} />;
  const def = active.data;
  const cat = catalogue.data;
  return (
    <Stack gap="lg" data-testid="active-definition">
      <Stack gap={4}>
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Title order={2}>{local(cat.name)}</Title>
          <Button component={Link} to="/definition/draft" variant="light" size="sm">
            {t("editAsDraft")}
          </Button>
        </Group>
        {cat.description && <Text c="dimmed">{local(cat.description)}</Text>}
        <VersionSummary version={def} />
      </Stack>
      <section aria-labelledby="grades-title">
        <Title order={3} id="grades-title" mb={4}>
          {t("grades.title")}
        </Title>
        <Text size="sm" c="dimmed" mb="xs">
          {t("grades.intro")}
        </Text>
        <GradesTable grades={def.grades} testId="active-grades" />
      </section>
      <section aria-labelledby="facts-title">
        <Title order={3} id="facts-title" mb="xs">
          {t("facts.title")}
        </Title>
        <Table verticalSpacing="sm" data-testid="fact-catalogue" layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="34%">{t("facts.fact")}</Table.Th>
              <Table.Th>{t("facts.guide")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {cat.facts.map((f) => (
              <Table.Tr key={f.key} data-fact={f.key}>
                <Table.Td style={{ verticalAlign: "top" }}>
                  <Text size="sm" fw={600}>
                    {local(f.label)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t(`facts.types.${f.type}`)}
                    {f.options ? `: ${f.options.map((o) => local(o.label)).join(", ")}` : ""}
                    {f.unit ? ` (${f.unit})` : ""}
                  </Text>
                  <Text size="xs" c="dimmed" ff="monospace" style={{ overflowWrap: "anywhere" }}>
                    {f.key}
                  </Text>
                </Table.Td>
                <Table.Td style={{ verticalAlign: "top" }}>
                  <Text size="sm" c={f.guide ? undefined : "dimmed"}>
                    {f.guide ? local(f.guide) : t("facts.noGuide")}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </section>
    </Stack>
  );
}
