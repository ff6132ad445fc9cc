import { Badge, Group, Loader, Stack, Text, UnstyledButton } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useLocalText } from "../../api/definition";
import type { Finding } from "./api";

/**
 * The checker's findings under the editor: severity, the message in the interface language, the
 * example lead in words (gaps, overlaps), the grades that take an unreachable grade's leads first.
 * Each one is a button that puts the cursor at its line.
 */
export function FindingsList({
  findings,
  checking,
  onGoTo,
  grades,
}: {
  findings: readonly Finding[] | undefined;
  checking: boolean;
  onGoTo: (line: number, column?: number) => void;
  /** Grade key → its label, to name shadowing grades. */
  grades: ReadonlyMap<string, string>;
}) {
  const { t } = useTranslation("workshop");
  const local = useLocalText();
  return (
    <Stack gap="xs" data-testid="findings" aria-live="polite" aria-busy={checking}>
      <Group gap="xs">
        <Text fw={600} component="h3" size="md" m={0}>
          {t("findings.title")}
        </Text>
        {checking && <Loader size="xs" aria-label={t("findings.checking")} />}
        {findings && findings.length > 0 && (
          <Text size="sm" c="dimmed" data-testid="findings-count" data-count={findings.length}>
            {t("findings.count", { count: findings.length })}
          </Text>
        )}
      </Group>
      {findings && findings.length === 0 && (
        <Text size="sm" c="teal.9" data-testid="findings-clean">
          {t("findings.clean")}
        </Text>
      )}
      {findings && findings.length > 0 && (
        <Stack gap={6} component="ul" m={0} p={0} style={{ listStyle: "none" }}>
          {findings.map((f) => {
            const message = local(f.message);
            const shadowers =
              f.code === "grade.unreachable" ? (f.grades ?? []).slice(1).map((g) => grades.get(g) ?? g) : [];
            const body = (
              <Stack gap={2}>
                <Group gap={6} wrap="nowrap" align="flex-start">
                  <Badge
                    size="xs"
                    radius="sm"
                    color={f.severity === "error" ? "red.9" : "yellow"}
                    c={f.severity === "error" ? "white" : "dark.7"}
                    variant={f.severity === "error" ? "filled" : "light"}
                    style={{ flexShrink: 0, marginTop: 2 }}
                  >
                    {t(`findings.${f.severity}`)}
                  </Badge>
                  <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                    {message}
                  </Text>
                </Group>
                {f.counterexample?.text && (
                  <Text size="sm" pl="md" data-testid="counterexample">
                    <Text span fw={600}>
                      {t("findings.example")}:
                    </Text>{" "}
                    {local(f.counterexample.text)}
                  </Text>
                )}
                {shadowers.length > 0 && (
                  <Text size="sm" pl="md" data-testid="shadowed-by">
                    {t("findings.shadowedBy", { grades: shadowers.join(", ") })}
                  </Text>
                )}
                <Text size="xs" c="dimmed" pl="md" ff="monospace">
                  {f.code}
                  {f.line !== undefined ? ` · ${t("findings.line", { line: f.line })}` : ""}
                </Text>
              </Stack>
            );
            return (
              <li
                key={`${f.code}-${f.line ?? 0}-${f.column ?? 0}-${message}`}
                data-testid="finding"
                data-code={f.code}
                data-severity={f.severity}
                data-line={f.line ?? ""}
              >
                {f.line !== undefined ? (
                  <UnstyledButton
                    onClick={() => onGoTo(f.line as number, f.column)}
                    title={t("findings.goTo", { line: f.line, message })}
                    className="workshop-finding"
                    w="100%"
                  >
                    {body}
                  </UnstyledButton>
                ) : (
                  <div className="workshop-finding">{body}</div>
                )}
              </li>
            );
          })}
        </Stack>
      )}
    </Stack>
  );
}
