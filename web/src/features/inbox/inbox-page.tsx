import {
  ActionIcon,
  Autocomplete,
  Badge,
  Button,
  CloseButton,
  Collapse,
  Group,
  Modal,
  Select,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useDebouncedValue, useDisclosure, useMediaQuery } from "@mantine/hooks";
import { useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { ApiError } from "../../api/client";
import { useCatalogue, useLocalText } from "../../api/definition";
import { isMarketing, type Me, useMe } from "../../api/session";
import { useFormat } from "../../i18n/format";
import { EmptyState, ErrorState } from "../../ui/states";
import {
  availableMovesOf,
  type QuickMove,
  quickMove,
  useDeleteView,
  useLeadPages,
  usePeople,
  useSavedViews,
  useSaveView,
  useViewCounts,
} from "./data";
import { EmptyInbox } from "./empty-inbox";
import {
  apiQuery,
  builtInViews,
  canonical,
  filtersFrom,
  type InboxFilters,
  type InboxView,
  SLA_VALUES,
  SORT_VALUES,
  STAGE_VALUES,
} from "./filters";
import classes from "./inbox.module.css";
import { LeadList, type LeadListHandle } from "./lead-list";
import { useLeadTitle } from "./lead-title";
import { inboxShortcuts, ShortcutHelp, ShortcutHints } from "./shortcuts";

// The capture form (and zod with it) loads when someone opens it: the list stays light.
const NewLeadDialog = lazy(() => import("./new-lead-dialog").then((m) => ({ default: m.NewLeadDialog })));

/** Where focus is typing: single-letter keys must not fire there. */
function isTyping(target: EventTarget | null): boolean {
  const el = target instanceof HTMLElement ? target : null;
  if (!el) return false;
  return (
    el.isContentEditable ||
    el.closest("input, textarea, select, [role='dialog'], [role='listbox'], [role='menu']") !== null
  );
}

/** The default screen: leads to triage, filtered, searched, kept fresh, driven from the keyboard. */
export function InboxPage() {
  const me = useMe().data;
  return me ? <Inbox me={me} /> : null;
}

function Inbox({ me }: { me: Me }) {
  const { t } = useTranslation("inbox");
  const { t: common } = useTranslation();
  const navigate = useNavigate();
  const local = useLocalText();
  const [search, setSearch] = useSearchParams();
  const filters = useMemo(() => filtersFrom(search), [search]);
  const current = canonical(filters);
  const compact = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false }) ?? false;

  const catalogue = useCatalogue().data;
  const people = usePeople().data;
  const saved = useSavedViews().data;
  const views: InboxView[] = useMemo(
    () => [
      ...builtInViews(catalogue?.grades[0]?.key),
      ...(saved ?? []).map((v) => ({
        id: v.id,
        name: v.name,
        query: canonical(filtersFrom(v.query)),
        saved: true,
      })),
    ],
    [catalogue, saved],
  );
  const activeView = views.find((v) => v.query === current);

  // Relative filters (owner=me, since=week) become concrete ids and times here.
  const query = useMemo(() => apiQuery(filters, me.id, new Date()), [filters, me.id]);
  const list = useLeadPages(query);
  const queryClient = useQueryClient();
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);

  const setFilters = useCallback(
    (next: InboxFilters, push = false) => setSearch(canonical(next), { replace: !push }),
    [setSearch],
  );
  const setFilter = (key: keyof InboxFilters, value: string | null) => {
    const next = { ...filters };
    if (value) next[key] = value;
    else delete next[key];
    if (key === "stage" && !value) delete next.since;
    setFilters(next);
  };

  // The search box: typed freely, applied after a pause.
  const [text, setText] = useState(filters.q ?? "");
  const [debounced] = useDebouncedValue(text, 300);
  const searchRef = useRef<HTMLInputElement>(null);
  useEffect(() => setText(filters.q ?? ""), [filters.q]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a change of the typed text applies it
  useEffect(() => {
    if ((debounced.trim() || undefined) !== filters.q) setFilter("q", debounced.trim() || null);
  }, [debounced]);

  const ownerName = useCallback(
    (id: string | null) => {
      if (id === null) return t("nobody");
      if (id === me.id) return t("filters.me");
      return people?.find((p) => p.id === id)?.name ?? id;
    },
    [people, me.id, t],
  );

  // Selection: kept by id, so refreshes and new pages never lose it.
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const listHandle = useRef<LeadListHandle | null>(null);
  const [status, setStatus] = useState("");
  const [helpOpen, help] = useDisclosure(false);
  const title = useLeadTitle();
  const shortcuts = useMemo(() => inboxShortcuts(me.role), [me.role]);
  const open = useCallback((id: string) => void navigate(`/leads/${encodeURIComponent(id)}`), [navigate]);

  // A new lead by hand: for the roles the server lets capture (POST /leads: marketing and admin).
  const canCapture = isMarketing(me.role);
  const [capturing, capture] = useDisclosure(false);
  // The command palette asks for it with ?new=lead: open once, then drop the parameter.
  const wantsNew = search.get("new") === "lead";
  useEffect(() => {
    if (!wantsNew) return;
    if (canCapture) capture.open();
    setSearch(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.delete("new");
        return next;
      },
      { replace: true },
    );
  }, [wantsNew, canCapture, capture, setSearch]);

  const moveSelection = useCallback(
    (delta: number) => {
      if (rows.length === 0) return;
      const at = selectedId === null ? -1 : rows.findIndex((r) => r.id === selectedId);
      const index = at < 0 ? 0 : Math.max(0, Math.min(rows.length - 1, at + delta));
      const id = rows[index]?.id ?? null;
      setSelectedId(id);
      listHandle.current?.scrollTo(index);
      requestAnimationFrame(() => {
        const link = id ? document.querySelector<HTMLElement>(`[data-row-link="${CSS.escape(id)}"]`) : null;
        link?.focus({ preventScroll: true });
      });
    },
    [rows, selectedId],
  );

  const act = useCallback(
    async (move: QuickMove | "reject") => {
      const lead = rows.find((r) => r.id === selectedId);
      if (!lead) return;
      const name = title(lead);
      const moveText = t(`action.moves.${move}`);
      setStatus(t("action.checking", { name }));
      try {
        const moves = await availableMovesOf(lead.id);
        if (!moves.includes(move)) {
          setStatus(t("action.notNow", { name, move: moveText, stage: common(`stages.${lead.stage}`) }));
          return;
        }
        if (move === "reject") {
          setStatus("");
          void navigate(`/leads/${encodeURIComponent(lead.id)}?action=reject`);
          return;
        }
        await quickMove(lead.id, move);
        setStatus(t("action.done", { name, move: moveText }));
        // The list, the view counts and the lead's own page all changed.
        void queryClient.invalidateQueries({ queryKey: ["leads"] });
        void queryClient.invalidateQueries({ queryKey: ["lead", lead.id] });
      } catch (e) {
        setStatus(t("action.failed", { name, message: e instanceof Error ? e.message : String(e) }));
      }
    },
    [rows, selectedId, title, t, common, navigate, queryClient],
  );

  useEffect(() => {
    const keys = new Set(shortcuts.flatMap((s) => s.keys));
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.metaKey || e.ctrlKey || e.altKey) return;
      if (isTyping(e.target)) return;
      const k = e.key;
      if (k === "/") {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      } else if (k === "?") {
        e.preventDefault();
        help.open();
      } else if (k === "c" && canCapture) {
        e.preventDefault();
        capture.open();
      } else if (k === "j") moveSelection(1);
      else if (k === "k") moveSelection(-1);
      else if (k === "Enter") {
        const el = e.target instanceof HTMLElement ? e.target : null;
        if (el?.closest("a, button")) return; // the focused control does its own thing
        if (selectedId) open(selectedId);
      } else if (keys.has(k) && selectedId) {
        const move = ({ a: "accept", r: "reject", h: "hand-off", n: "nurture" } as const)[
          k as "a" | "r" | "h" | "n"
        ];
        if (move) {
          e.preventDefault();
          void act(move);
        }
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [shortcuts, moveSelection, selectedId, open, act, help, canCapture, capture]);

  const loadMore = useCallback(() => {
    if (list.hasNextPage && !list.isFetchingNextPage && !list.isError) void list.fetchNextPage();
  }, [list]);

  const filtered = current !== "" && current !== "sort=oldest" && current !== "sort=due";
  const gradeOptions = (catalogue?.grades ?? []).map((g) => ({ value: g.key, label: local(g.label) }));
  const ownerOptions = [
    { value: "me", label: t("filters.me") },
    ...(people ?? []).filter((p) => p.active && p.id !== me.id).map((p) => ({ value: p.id, label: p.name })),
  ];
  const sources = [...new Set(rows.map((r) => r.source).filter((s): s is string => !!s))].slice(0, 20);
  const activeFilterCount = ["grade", "stage", "source", "owner", "sla"].filter(
    (k) => filters[k as keyof InboxFilters],
  ).length;
  const [filtersOpen, filtersToggle] = useDisclosure(false);

  const searchBox = (
    <TextInput
      ref={searchRef}
      type="search"
      label={t("filters.search")}
      placeholder={t("filters.searchPlaceholder")}
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      onKeyDown={(e) => {
        // Escape leaves the box with the search still applied; without preventDefault Chromium
        // would empty a search box on Escape while the list stayed filtered by the old text.
        if (e.key === "Escape") {
          e.preventDefault();
          e.currentTarget.blur();
        }
        if (e.key === "Enter") setFilter("q", text.trim() || null);
      }}
      rightSection={<kbd className="shortcut">/</kbd>}
      size="xs"
      style={{ flex: compact ? 1 : undefined }}
      w={compact ? undefined : 250}
      data-testid="inbox-search"
    />
  );

  const selects = (
    <Group gap="xs" wrap="wrap" align="flex-end">
      {!compact && searchBox}
      <Select
        label={t("filters.grade")}
        placeholder={t("filters.any")}
        data={gradeOptions}
        value={filters.grade ?? null}
        onChange={(v) => setFilter("grade", v)}
        clearable
        size="xs"
        w={compact ? "47%" : 130}
        data-testid="filter-grade"
      />
      <Select
        label={t("filters.stage")}
        placeholder={t("filters.any")}
        data={STAGE_VALUES.map((s) => ({ value: s, label: common(`stages.${s}`) }))}
        value={filters.stage ?? null}
        onChange={(v) => setFilter("stage", v)}
        clearable
        size="xs"
        w={compact ? "47%" : 140}
        data-testid="filter-stage"
      />
      <Autocomplete
        label={t("filters.source")}
        placeholder={t("filters.any")}
        data={sources}
        defaultValue={filters.source ?? ""}
        key={`source-${filters.source ?? ""}`}
        onOptionSubmit={(v) => setFilter("source", v)}
        onBlur={(e) => setFilter("source", e.currentTarget.value.trim() || null)}
        onKeyDown={(e) => {
          if (e.key === "Enter") setFilter("source", e.currentTarget.value.trim() || null);
        }}
        size="xs"
        w={compact ? "47%" : 140}
        data-testid="filter-source"
      />
      <Select
        label={t("filters.owner")}
        placeholder={t("filters.any")}
        data={ownerOptions}
        value={filters.owner ?? null}
        onChange={(v) => setFilter("owner", v)}
        clearable
        searchable
        size="xs"
        w={compact ? "47%" : 150}
        data-testid="filter-owner"
      />
      <Select
        label={t("filters.sla")}
        placeholder={t("filters.any")}
        data={SLA_VALUES.map((s) => ({ value: s, label: t(`filters.slaStates.${s}`) }))}
        value={filters.sla ?? null}
        onChange={(v) => setFilter("sla", v)}
        clearable
        size="xs"
        w={compact ? "47%" : 160}
        data-testid="filter-sla"
      />
      <Select
        label={t("filters.sort")}
        data={SORT_VALUES.map((s) => ({ value: s, label: t(`filters.sorts.${s}`) }))}
        value={filters.sort ?? "newest"}
        onChange={(v) => setFilter("sort", v === "newest" ? null : v)}
        allowDeselect={false}
        size="xs"
        w={compact ? "47%" : 190}
        data-testid="filter-sort"
      />
      {filters.since === "week" && filters.stage && (
        <Badge
          variant="light"
          size="lg"
          rightSection={
            <CloseButton size="xs" aria-label={t("filters.since")} onClick={() => setFilter("since", null)} />
          }
        >
          {t("filters.since")}
        </Badge>
      )}
      {current !== "" && (
        <Button variant="subtle" size="xs" onClick={() => setFilters({}, true)} data-testid="filter-clear">
          {t("filters.clear")}
        </Button>
      )}
    </Group>
  );

  return (
    <Stack gap="xs" data-testid="inbox">
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Title order={1} size="h3">
          {t("title")}
        </Title>
        <Group gap="xs" wrap="nowrap">
          {!activeView && current !== "" && <SaveView query={current} />}
          {canCapture && (
            <Button size="xs" onClick={capture.open} aria-keyshortcuts="c" data-testid="new-lead">
              {t("newLead.button")}
            </Button>
          )}
        </Group>
      </Group>

      <ViewsNav views={views} active={activeView} meId={me.id} />

      {compact && (
        <Group gap="xs" wrap="nowrap" align="flex-end">
          {searchBox}
          <Button
            variant="default"
            size="xs"
            onClick={filtersToggle.toggle}
            aria-expanded={filtersOpen}
            data-testid="filters-toggle"
          >
            {t("filters.label")}
            {activeFilterCount > 0 ? ` (${activeFilterCount})` : ""}
          </Button>
        </Group>
      )}
      {compact ? <Collapse expanded={filtersOpen}>{selects}</Collapse> : selects}

      {list.isPending ? (
        <ListSkeleton />
      ) : list.isError && rows.length === 0 ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : rows.length === 0 ? (
        filtered ? (
          <EmptyState title={t("noMatch.title")}>
            <Text size="sm" c="dimmed">
              {t("noMatch.text")}
            </Text>
            <Button variant="light" size="xs" onClick={() => setFilters({}, true)}>
              {t("filters.clear")}
            </Button>
          </EmptyState>
        ) : (
          <EmptyInbox isAdmin={me.role === "admin"} onNewLead={canCapture ? capture.open : undefined} />
        )
      ) : (
        <>
          <LeadList
            rows={rows}
            compact={compact}
            selectedId={selectedId}
            ownerName={ownerName}
            onOpen={open}
            onSelect={setSelectedId}
            onNearEnd={loadMore}
            handle={listHandle}
          />
          <Text size="xs" c="dimmed" ta="center" data-testid="inbox-count">
            {t("count", { count: rows.length })}
            {" · "}
            {list.hasNextPage ? t("more") : t("end")}
            {" · "}
            {t("refreshing")}
          </Text>
          {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
        </>
      )}

      <div className={classes.footer}>
        <Text
          size="sm"
          role="status"
          aria-live="polite"
          data-testid="inbox-status"
          mih={status ? undefined : 0}
        >
          {status}
        </Text>
        {!compact && <ShortcutHints shortcuts={shortcuts} />}
      </div>
      <ShortcutHelp opened={helpOpen} onClose={help.close} shortcuts={shortcuts} />
      {capturing && (
        <Suspense fallback={null}>
          <NewLeadDialog me={me} onClose={capture.close} />
        </Suspense>
      )}
    </Stack>
  );
}

function ListSkeleton() {
  const { t } = useTranslation();
  return (
    <Stack gap={6} role="status" aria-label={t("loading")} data-testid="inbox-loading">
      {Array.from({ length: 10 }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have nothing else to key on
        <Skeleton key={i} height={32} radius="sm" />
      ))}
    </Stack>
  );
}

/** The views as links (each is a URL): built-in ones first, then the person's saved ones. */
function ViewsNav({
  views,
  active,
  meId,
}: {
  views: InboxView[];
  active: InboxView | undefined;
  meId: string;
}) {
  const { t } = useTranslation("inbox");
  const fmt = useFormat();
  // The week's start moves at most once a day: count against today's date.
  const today = new Date().toDateString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: `today` stands for the clock
  const queries = useMemo(
    () => views.map((v) => apiQuery(filtersFrom(v.query), meId, new Date())),
    [views, meId, today],
  );
  const counts = useViewCounts(queries);
  const remove = useDeleteView();
  const [confirming, setConfirming] = useState<InboxView | null>(null);
  return (
    <nav aria-label={t("views.label")} data-testid="inbox-views">
      <div className={classes.views}>
        {views.map((v, i) => {
          const name = v.name ?? t(v.labelKey ?? "");
          const isActive = v.id === active?.id;
          const c = counts[i]?.data;
          return (
            <Group key={v.id} gap={0} wrap="nowrap" style={{ flex: "none" }}>
              <Link
                to={v.query ? `/?${v.query}` : "/"}
                className={classes.viewLink}
                aria-current={isActive ? "page" : undefined}
                data-testid="inbox-view"
                data-view={v.id}
              >
                {name}
                {c && " "}
                {c && (
                  <span className={classes.viewCount} data-testid="inbox-view-count">
                    {fmt.number(c.count)}
                    {c.more ? "+" : ""}
                  </span>
                )}
              </Link>
              {v.saved && isActive && (
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="sm"
                  aria-label={t("views.delete", { name })}
                  onClick={() => setConfirming(v)}
                >
                  <span aria-hidden>×</span>
                </ActionIcon>
              )}
            </Group>
          );
        })}
      </div>
      <Modal
        closeButtonProps={{ "aria-label": t("close", { ns: "common" }) }}
        opened={confirming !== null}
        onClose={() => setConfirming(null)}
        title={t("views.deleteTitle")}
      >
        <Text size="sm">{t("views.deleteText", { name: confirming?.name ?? "" })}</Text>
        {remove.isError && <ErrorState error={remove.error} />}
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => setConfirming(null)}>
            {t("cancel", { ns: "common" })}
          </Button>
          <Button
            color="red"
            loading={remove.isPending}
            onClick={async () => {
              if (!confirming) return;
              await remove.mutateAsync(confirming.id);
              setConfirming(null);
            }}
          >
            {t("views.deleteConfirm")}
          </Button>
        </Group>
      </Modal>
    </nav>
  );
}

/** The current filters as a named view of one's own. */
function SaveView({ query }: { query: string }) {
  const { t } = useTranslation("inbox");
  const [opened, { open, close }] = useDisclosure(false);
  const [name, setName] = useState("");
  const save = useSaveView();
  const problem =
    save.error instanceof ApiError ? (save.error.problems[0]?.message ?? save.error.message) : undefined;
  return (
    <>
      <Button variant="light" size="xs" onClick={open} data-testid="save-view">
        {t("views.save")}
      </Button>
      <Modal
        closeButtonProps={{ "aria-label": t("close", { ns: "common" }) }}
        opened={opened}
        onClose={close}
        title={t("views.saveTitle")}
      >
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            await save.mutateAsync({ name: name.trim(), query });
            setName("");
            close();
          }}
        >
          <TextInput
            label={t("views.name")}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            maxLength={80}
            required
            data-autofocus
            error={problem}
            data-testid="save-view-name"
          />
          <Group justify="flex-end" mt="md">
            <Button variant="default" onClick={close}>
              {t("cancel", { ns: "common" })}
            </Button>
            <Button type="submit" loading={save.isPending} disabled={name.trim() === ""}>
              {t("save", { ns: "common" })}
            </Button>
          </Group>
        </form>
      </Modal>
    </>
  );
}
