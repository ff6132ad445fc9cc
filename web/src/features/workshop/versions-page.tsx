import { Anchor, Button, Checkbox, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { api, ok } from "../../api/client";
import { useFormat } from "../../i18n/format";
import { EmptyState, ErrorState, Loading } from "../../ui/states";
import { useVersions } from "./api";
import { ApprovalsLine, StatusBadge } from "./version-summary";

const DiffView = lazy(() => import("./diff-view").then((m) => ({ default: m.DiffView })));

const source = (version: number) =>
  ok(api.GET("/api/v1/definitions/{version}", { params: { path: { version } } })).then((v) => v.source);

/** Every version: status, who drafted, approved and activated it, when; two picked → their diff (?a=2&b=3). */
export function VersionsPage() {
  const { t } = useTranslation("workshop");
  const fmt = useFormat();
  const versions = useVersions();
  const [params, setParams] = useSearchParams();
  const picked = [Number(params.get("a")), Number(params.get("b"))].filter(
    (n) => Number.isInteger(n) && n > 0,
  );
  const [a, b] = [...picked].sort((x, y) => x - y);
  const diff = useQuery({
    queryKey: ["definition-diff", a, b],
    queryFn: async () => ({ a: await source(a as number), b: await source(b as number) }),
    enabled: a !== undefined && b !== undefined,
  });

  if (versions.isPending) return <Loading />;
  if (versions.isError) return <ErrorState error={versions.error} onRetry={() => void versions.refetch()} />;
  const toggle = (v: number) => {
    const next = picked.includes(v) ? picked.filter((x) => x !== v) : [...picked, v].slice(-2);
    const p = new URLSearchParams();
    if (next[0] !== undefined) p.set("a", String(next[0]));
    if (next[1] !== undefined) p.set("b", String(next[1]));
    setParams(p, { replace: true });
  };
  const list = [...versions.data].reverse();

  return (
    <Stack gap="md" data-testid="versions">
      <Title order={2}>{t("versions.title")}</Title>
      <Table.ScrollContainer
        minWidth={760}
        type="native"
        tabIndex={0}
        role="region"
        aria-label={t("versions.title")}
      >
        <Table verticalSpacing="xs" data-testid="versions-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={40} />
              <Table.Th>{t("versions.version")}</Table.Th>
              <Table.Th>{t("versions.status")}</Table.Th>
              <Table.Th>{t("versions.created")}</Table.Th>
              <Table.Th>{t("versions.approvals")}</Table.Th>
              <Table.Th>{t("versions.activated")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((v) => (
              <Table.Tr
                key={v.version}
                data-testid="version-row"
                data-version={v.version}
                data-status={v.status}
              >
                <Table.Td>
                  <Checkbox
                    aria-label={t("versions.compare", { version: v.version })}
                    checked={picked.includes(v.version)}
                    onChange={() => toggle(v.version)}
                    data-testid="version-compare"
                  />
                </Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/definition/draft?version=${v.version}`} fw={600}>
                    v{v.version}
                  </Anchor>
                  <Text size="xs" c="dimmed" ff="monospace">
                    {v.definitionId}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={v.status} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{v.createdByName ?? v.createdBy}</Text>
                  <Text size="xs" c="dimmed">
                    {fmt.dateTime(v.createdAt)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <ApprovalsLine version={v} />
                </Table.Td>
                <Table.Td>
                  {v.activatedAt !== null ? (
                    <>
                      <Text size="sm">{v.activatedByName ?? v.activatedBy}</Text>
                      <Text size="xs" c="dimmed">
                        {fmt.dateTime(v.activatedAt)}
                      </Text>
                    </>
                  ) : (
                    <Text size="sm" c="dimmed">
                      —
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <section>
        {a !== undefined && b !== undefined ? (
          <Stack gap="xs">
            <Group justify="space-between" wrap="wrap">
              <Title order={3} id="diff-title">
                {t("versions.diffTitle", { a, b })}
              </Title>
              <Button
                variant="subtle"
                size="xs"
                onClick={() => setParams(new URLSearchParams(), { replace: true })}
              >
                {t("versions.clear")}
              </Button>
            </Group>
            {diff.isPending && <Loading />}
            {diff.isError && <ErrorState error={diff.error} onRetry={() => void diff.refetch()} />}
            {diff.data && (
              <Suspense fallback={<Loading />}>
                <DiffView a={diff.data.a} b={diff.data.b} aName={`v${a}`} bName={`v${b}`} />
              </Suspense>
            )}
          </Stack>
        ) : (
          <EmptyState title={t("versions.pickTwo")} />
        )}
      </section>
    </Stack>
  );
}
