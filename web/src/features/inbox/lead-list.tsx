import { Anchor, Box, Group, Stack, Text } from "@mantine/core";
import { type ColumnDef, flexRender, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import { useWindowVirtualizer } from "@tanstack/react-virtual";
import {
  type RefObject,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormat } from "../../i18n/format";
import { GradeBadge } from "../../ui/grade-badge";
import type { LeadRow } from "./data";
import classes from "./inbox.module.css";
import { useLeadTitle } from "./lead-title";

export interface LeadListHandle {
  /** Brings a row into view (it may not be rendered yet: the list is virtualised). */
  scrollTo(index: number): void;
}

export interface LeadListProps {
  readonly rows: readonly LeadRow[];
  readonly compact: boolean;
  readonly selectedId: string | null;
  readonly ownerName: (id: string | null) => string;
  readonly onOpen: (id: string) => void;
  readonly onSelect: (id: string) => void;
  /** Called when the user nears the end of what is loaded. */
  readonly onNearEnd: () => void;
  readonly handle: RefObject<LeadListHandle | null>;
}

const ROW = 44;
const COMPACT_ROW = 66;

/** The service level in words: "due in 2 h", "breached 3 h ago" (red), answered late or in time. */
function SlaText({ sla, now }: { sla: LeadRow["sla"]; now: number }) {
  const { t } = useTranslation("inbox");
  const fmt = useFormat();
  if (sla.state === "running" && sla.dueAt !== null)
    return (
      <Text size="sm" span data-sla="running">
        {t("sla.dueIn", { when: fmt.relative(sla.dueAt - now) })}
      </Text>
    );
  if (sla.state === "breached") {
    const late = sla.respondedAt !== null;
    return (
      <Text size="sm" span c="red.8" fw={600} data-sla="breached">
        {late || sla.dueAt === null
          ? t("sla.answeredLate")
          : t("sla.breachedAgo", { when: fmt.relative(sla.dueAt - now) })}
      </Text>
    );
  }
  if (sla.state === "met")
    return (
      <Text size="sm" span c="dimmed" data-sla="met">
        {t("sla.met")}
      </Text>
    );
  return (
    <Text size="sm" span c="dimmed" data-sla="none">
      {t("sla.none")}
    </Text>
  );
}

/**
 * The leads as a table (wide screens) or a two-line list (phones), virtualised against the page's
 * own scroll: only the rows in view are in the DOM, so 100,000 loaded leads cost what 30 do.
 */
export function LeadList(props: LeadListProps) {
  const { rows, compact, selectedId, ownerName, onOpen, onSelect, onNearEnd, handle } = props;
  const { t } = useTranslation("inbox");
  const { t: common } = useTranslation();
  const fmt = useFormat();
  const title = useLeadTitle();
  // Ages and deadlines move on twice a minute, not on every render: a new `now` would rebuild the
  // columns, and new column definitions remount every cell (a click on a lead's link was lost).
  const now = useNow(30_000);
  const listRef = useRef<HTMLDivElement>(null);
  const [margin, setMargin] = useState(0);
  useLayoutEffect(() => {
    setMargin(listRef.current ? listRef.current.getBoundingClientRect().top + window.scrollY : 0);
  }, []);

  const columns = useMemo<ColumnDef<LeadRow>[]>(
    () => [
      {
        id: "grade",
        header: () => t("columns.grade"),
        cell: ({ row: { original: l } }) => <GradeBadge grade={l.grade} version={l.gradedVersion} />,
        // Room for the longest Russian grade labels ("ХОЛОДНЫЙ") without an ellipsis.
        size: 140,
      },
      {
        id: "lead",
        header: () => t("columns.lead"),
        cell: ({ row: { original: l } }) => (
          <Anchor
            component={Link}
            to={`/leads/${encodeURIComponent(l.id)}`}
            size="sm"
            c="inherit"
            truncate="end"
            data-row-link={l.id}
            onClick={(e) => e.stopPropagation()}
          >
            {title(l)}
          </Anchor>
        ),
        size: 260,
      },
      {
        id: "stage",
        header: () => t("columns.stage"),
        cell: ({ row: { original: l } }) => common(`stages.${l.stage}`),
        size: 120,
      },
      {
        id: "source",
        header: () => t("columns.source"),
        cell: ({ row: { original: l } }) => [l.source, l.campaign].filter(Boolean).join(" / ") || t("nobody"),
        size: 170,
      },
      {
        id: "owner",
        header: () => t("columns.owner"),
        cell: ({ row: { original: l } }) => ownerName(l.ownerId),
        size: 130,
      },
      {
        id: "age",
        header: () => t("columns.age"),
        cell: ({ row: { original: l } }) => (
          <span title={fmt.dateTime(l.createdAt)}>{fmt.relative(l.createdAt - now)}</span>
        ),
        size: 150,
      },
      {
        id: "sla",
        header: () => t("columns.sla"),
        cell: ({ row: { original: l } }) => <SlaText sla={l.sla} now={now} />,
        size: 180,
      },
    ],
    [t, common, fmt, title, ownerName, now],
  );

  const table = useReactTable({
    data: rows as LeadRow[],
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (r) => r.id,
  });
  const tableRows = table.getRowModel().rows;

  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: () => (compact ? COMPACT_ROW : ROW),
    overscan: 12,
    scrollMargin: margin,
    // Keep a row moved to with j/k clear of the sticky app header and table head.
    scrollPaddingStart: compact ? 60 : 90,
    scrollPaddingEnd: 40,
    getItemKey: (i) => rows[i]?.id ?? i,
  });
  useImperativeHandle(handle, () => ({
    scrollTo: (index: number) => virtualizer.scrollToIndex(index, { align: "auto" }),
  }));
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (rows.length > 0 && lastIndex >= rows.length - 15) onNearEnd();
  }, [lastIndex, rows.length, onNearEnd]);

  const before = (items[0]?.start ?? margin) - margin;
  const after = virtualizer.getTotalSize() - ((items.at(-1)?.end ?? margin) - margin);

  if (compact) {
    return (
      <div ref={listRef} style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        <ul className={classes.compactList} style={{ transform: `translateY(${before}px)` }}>
          {items.map((v) => {
            const l = rows[v.index];
            if (!l) return null;
            return (
              // biome-ignore lint/a11y/useKeyWithClickEvents: the row's link and j/k/Enter are its keyboard path
              <li
                key={l.id}
                data-testid="inbox-row"
                data-lead-id={l.id}
                data-selected={l.id === selectedId || undefined}
                aria-current={l.id === selectedId ? "true" : undefined}
                className={classes.compactRow}
                style={{ height: COMPACT_ROW }}
                onClick={() => onOpen(l.id)}
                onFocus={() => onSelect(l.id)}
              >
                <Stack gap={2} miw={0} style={{ flex: 1 }}>
                  <Group gap={8} wrap="nowrap" miw={0}>
                    <Box style={{ flex: "none" }}>
                      <GradeBadge grade={l.grade} version={l.gradedVersion} />
                    </Box>
                    <Anchor
                      component={Link}
                      to={`/leads/${encodeURIComponent(l.id)}`}
                      size="sm"
                      fw={600}
                      c="inherit"
                      truncate="end"
                      miw={0}
                      data-row-link={l.id}
                      onClick={(e) => e.stopPropagation()}
                    >
                      {title(l)}
                    </Anchor>
                  </Group>
                  <Group gap={8} wrap="nowrap" className={classes.secondLine}>
                    <Text size="sm" span c="dimmed">
                      {common(`stages.${l.stage}`)}
                    </Text>
                    {l.sla.state !== "none" && <SlaText sla={l.sla} now={now} />}
                    <Text size="sm" span c="dimmed" ml="auto">
                      {fmt.relative(l.createdAt - now)}
                    </Text>
                  </Group>
                </Stack>
              </li>
            );
          })}
        </ul>
      </div>
    );
  }

  return (
    <Box ref={listRef}>
      <table className={classes.table}>
        <colgroup>
          {table.getFlatHeaders().map((h) => (
            <col key={h.id} style={{ width: h.getSize() }} />
          ))}
        </colgroup>
        <thead>
          {table.getHeaderGroups().map((g) => (
            <tr key={g.id}>
              {g.headers.map((h) => (
                <th key={h.id} scope="col">
                  {flexRender(h.column.columnDef.header, h.getContext())}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {before > 0 && (
            <tr aria-hidden style={{ height: before }}>
              <td colSpan={columns.length} />
            </tr>
          )}
          {items.map((v) => {
            const row = tableRows[v.index];
            if (!row) return null;
            const l = row.original;
            return (
              <tr
                key={row.id}
                data-testid="inbox-row"
                data-lead-id={l.id}
                data-selected={l.id === selectedId || undefined}
                aria-current={l.id === selectedId ? "true" : undefined}
                className={classes.row}
                style={{ height: ROW }}
                onClick={() => onOpen(l.id)}
                onFocus={() => onSelect(l.id)}
              >
                {row.getVisibleCells().map((c) => (
                  <td key={c.id}>{flexRender(c.column.columnDef.cell, c.getContext())}</td>
                ))}
              </tr>
            );
          })}
          {after > 0 && (
            <tr aria-hidden style={{ height: after }}>
              <td colSpan={columns.length} />
            </tr>
          )}
        </tbody>
      </table>
    </Box>
  );
}

/** The current time, refreshed every `everyMs`. */
function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}
