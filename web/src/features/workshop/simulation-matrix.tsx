import { Alert, Anchor, Group, List, Stack, Table, Text, Title, UnstyledButton } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormat } from "../../i18n/format";
import { ErrorState, Loading } from "../../ui/states";
import { NO_GRADE, type Simulation, simulateText } from "./api";

/**
 * The simulation as a transition matrix: rows are today's grades (the active version), columns the
 * draft's. The diagonal (no change) is muted. Each cell is a button that lists its leads, with
 * links to each lead's page.
 */
export function SimulationMatrix({
  result,
  source,
  todayGrades,
  draftGrades,
}: {
  result: Simulation;
  /** The text simulated: the drill-down asks the server for one cell of the same text. */
  source: string;
  /** Grade key → label, in the order they are checked: the active version's and the draft's. */
  todayGrades: readonly (readonly [string, string])[];
  draftGrades: readonly (readonly [string, string])[];
}) {
  const { t } = useTranslation("workshop");
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const [cell, setCell] = useState<{ from: string; to: string } | null>(null);
  const order = (known: readonly (readonly [string, string])[], keys: Iterable<string>) => {
    const all = new Map(known);
    for (const k of keys) if (!all.has(k)) all.set(k, k === NO_GRADE ? tc("ungraded") : k);
    // "No grade" last, wherever it came from.
    return [...all.entries()].sort((a, b) => Number(a[0] === NO_GRADE) - Number(b[0] === NO_GRADE));
  };
  const rows = order(todayGrades, Object.keys(result.matrix)).filter(
    ([k]) => k !== NO_GRADE || result.matrix[k] !== undefined,
  );
  const colKeys = new Set(Object.values(result.matrix).flatMap((r) => Object.keys(r)));
  const cols = order(draftGrades, colKeys).filter(([k]) => k !== NO_GRADE || colKeys.has(k));
  const changed = Object.entries(result.matrix).reduce(
    (n, [from, row]) => n + Object.entries(row).reduce((m, [to, c]) => m + (to === from ? 0 : c), 0),
    0,
  );
  const label = (list: readonly (readonly [string, string])[], k: string) =>
    list.find(([x]) => x === k)?.[1] ?? k;

  return (
    <Stack gap="sm" data-testid="simulation" data-total={result.total}>
      <Group gap="md">
        <Text size="sm" data-testid="simulation-total">
          {t("simulation.total", { count: result.total })}
        </Text>
        <Text size="sm" fw={600} c={changed > 0 ? "#9c3d00" : "dimmed"} data-testid="simulation-changed">
          {t("simulation.changed", { count: changed })}
        </Text>
      </Group>
      <Table.ScrollContainer
        minWidth={320}
        type="native"
        tabIndex={0}
        role="region"
        aria-label={t("simulation.title")}
      >
        <Table className="workshop-matrix" withTableBorder withColumnBorders data-testid="matrix" w="auto">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">
                <Text size="xs" c="dimmed">
                  {t("simulation.today")} ↓ / {t("simulation.draft")} →
                </Text>
              </Table.Th>
              {cols.map(([k, l]) => (
                <Table.Th key={k} scope="col" data-to={k}>
                  {l}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map(([from, fromLabel]) => (
              <Table.Tr key={from}>
                <Table.Th scope="row" data-from={from}>
                  {fromLabel}
                </Table.Th>
                {cols.map(([to, toLabel]) => {
                  const count = result.matrix[from]?.[to] ?? 0;
                  const attrs = {
                    "data-testid": "matrix-cell",
                    "data-from": from,
                    "data-to": to,
                    "data-count": count,
                    "data-diagonal": String(from === to),
                  };
                  const selected = cell?.from === from && cell.to === to;
                  return (
                    <Table.Td key={to}>
                      {count === 0 ? (
                        <Text span c="dimmed" {...attrs}>
                          ·
                        </Text>
                      ) : (
                        <UnstyledButton
                          className="workshop-cell"
                          {...attrs}
                          data-selected={String(selected)}
                          aria-pressed={selected}
                          aria-label={t("simulation.cellLabel", { count, from: fromLabel, to: toLabel })}
                          onClick={() => setCell(selected ? null : { from, to })}
                        >
                          {fmt.number(count)}
                        </UnstyledButton>
                      )}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {cell && (
        <CellLeads
          source={source}
          cell={cell}
          title={t("simulation.drillTitle", { from: label(rows, cell.from), to: label(cols, cell.to) })}
        />
      )}
    </Stack>
  );
}

function CellLeads({
  source,
  cell,
  title,
}: {
  source: string;
  cell: { from: string; to: string };
  title: string;
}) {
  const { t } = useTranslation("workshop");
  const q = useQuery({
    queryKey: ["simulate-cell", source, cell.from, cell.to],
    queryFn: () => simulateText(source, cell),
  });
  return (
    <Stack gap={4} data-testid="cell-leads" data-from={cell.from} data-to={cell.to}>
      <Title order={4}>{title}</Title>
      {q.isPending && <Loading />}
      {q.isError && <ErrorState error={q.error} onRetry={() => void q.refetch()} />}
      {q.data?.cell && q.data.cell.leads.length === 0 && <Text c="dimmed">{t("simulation.noLeads")}</Text>}
      {q.data?.cell && q.data.cell.leads.length > 0 && (
        <List size="sm" spacing={2}>
          {q.data.cell.leads.map((l) => (
            <List.Item key={l.id} data-testid="cell-lead" data-lead={l.id}>
              <Anchor component={Link} to={`/leads/${l.id}`}>
                {[l.name, l.company].filter(Boolean).join(" — ") || t("simulation.unnamed")}
              </Anchor>
            </List.Item>
          ))}
        </List>
      )}
      {q.data?.cell?.more && (
        <Alert color="gray" p="xs">
          {t("simulation.more", { count: q.data.cell.leads.length })}
        </Alert>
      )}
    </Stack>
  );
}
