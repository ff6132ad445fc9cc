import { Group, Text } from "@mantine/core";
import { structuredPatch } from "diff";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";

/**
 * Two versions' texts as a unified diff with line numbers, like a pull request's "Files changed".
 * Loaded only by the versions screen (React.lazy), so `diff` stays out of the first bundle.
 */
export function DiffView({ a, b, aName, bName }: { a: string; b: string; aName: string; bName: string }) {
  const { t } = useTranslation("workshop");
  const patch = useMemo(
    () => structuredPatch(aName, bName, a, b, "", "", { context: 3 }),
    [a, b, aName, bName],
  );
  let added = 0;
  let removed = 0;
  for (const h of patch.hunks)
    for (const l of h.lines) {
      if (l.startsWith("+")) added++;
      else if (l.startsWith("-")) removed++;
    }
  if (patch.hunks.length === 0) return <Text c="dimmed">{t("versions.same")}</Text>;
  return (
    <div data-testid="diff" data-added={added} data-removed={removed}>
      <Group gap="md" mb={4}>
        <Text size="sm">+{t("versions.added", { count: added })}</Text>
        <Text size="sm">−{t("versions.removed", { count: removed })}</Text>
      </Group>
      <div className="workshop-diff">
        <table>
          <tbody>
            {patch.hunks.map((h) => {
              let oldLine = h.oldStart;
              let newLine = h.newStart;
              return [
                <tr key={`h${h.oldStart}-${h.newStart}`} className="hunk">
                  <td className="num" />
                  <td className="num" />
                  <td>{`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`}</td>
                </tr>,
                ...h.lines.map((line, i) => {
                  const kind = line[0];
                  const cls = kind === "+" ? "add" : kind === "-" ? "del" : "";
                  const o = kind === "+" ? "" : String(oldLine++);
                  const n = kind === "-" ? "" : String(newLine++);
                  return (
                    // biome-ignore lint/suspicious/noArrayIndexKey: lines are positions in the hunk
                    <tr key={`${h.oldStart}-${i}`} className={cls} data-kind={cls || "same"}>
                      <td className="num">{o}</td>
                      <td className="num">{n}</td>
                      <td>
                        <span aria-hidden>{kind === "\\" ? "" : kind}</span>
                        {line.slice(1)}
                      </td>
                    </tr>
                  );
                }),
              ];
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
