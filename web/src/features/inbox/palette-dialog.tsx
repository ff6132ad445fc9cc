import { Loader, Stack, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { api, ok } from "../../api/client";
import { useCatalogue } from "../../api/definition";
import { isMarketing, type Me } from "../../api/session";
import { saveLanguage } from "../../app/language";
import { changeLanguage, type Language } from "../../i18n";
import { useSavedViews } from "./data";
import { builtInViews, canonical, filtersFrom } from "./filters";
import classes from "./inbox.module.css";
import { useLeadTitle } from "./lead-title";

interface Command {
  readonly id: string;
  readonly label: string;
  readonly run: () => void;
}

/** The palette's content, loaded the first time someone opens it. */
export function PaletteBody({ me, close }: { me: Me; close: () => void }) {
  const { t } = useTranslation("inbox");
  const { t: common } = useTranslation();
  const navigate = useNavigate();
  const catalogue = useCatalogue().data;
  const saved = useSavedViews().data;
  const title = useLeadTitle();
  const [text, setText] = useState("");
  const [active, setActive] = useState(0);
  const [debounced] = useDebouncedValue(text.trim(), 200);
  const listId = useId();
  // Loaded after the dialog opened: its focus trap has already picked a target, so take the focus.
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const leads = useQuery({
    queryKey: ["leads", "palette", debounced],
    queryFn: () => ok(api.GET("/api/v1/leads", { params: { query: { q: debounced, limit: 6 } } })),
    enabled: debounced.length >= 2,
    staleTime: 5000,
  });

  const commands = useMemo(() => {
    const go = (to: string) => () => {
      close();
      void navigate(to);
    };
    const screens: [string, string][] = [
      ["/", "inbox"],
      ["/definition", "definition"],
      ["/reports", "reports"],
      ...(me.role === "admin" ? ([["/settings", "settings"]] as [string, string][]) : []),
    ];
    const views = [
      ...builtInViews(catalogue?.grades[0]?.key).map((v) => ({
        id: v.id,
        name: t(v.labelKey ?? ""),
        query: v.query,
      })),
      ...(saved ?? []).map((v) => ({ id: v.id, name: v.name, query: canonical(filtersFrom(v.query)) })),
    ];
    const languages: [Language, string][] = [
      ["en", "English"],
      ["ru", "Русский"],
    ];
    const all: Command[] = [
      ...(isMarketing(me.role)
        ? [{ id: "new-lead", label: t("palette.newLead"), run: go("/?new=lead") }]
        : []),
      ...screens.map(([to, key]) => ({
        id: `screen:${key}`,
        label: t("palette.goTo", { screen: common(`nav.${key}`) }),
        run: go(to),
      })),
      ...views.map((v) => ({
        id: `view:${v.id}`,
        label: t("palette.view", { name: v.name }),
        run: go(v.query ? `/?${v.query}` : "/"),
      })),
      ...languages.map(([lng, name]) => ({
        id: `language:${lng}`,
        label: t("palette.language", { name }),
        run: () => {
          close();
          void changeLanguage(lng);
          void saveLanguage(lng);
        },
      })),
    ];
    const needle = text.trim().toLowerCase();
    const matching = needle ? all.filter((c) => c.label.toLowerCase().includes(needle)) : all;
    const found: Command[] =
      debounced.length >= 2
        ? (leads.data?.items ?? []).map((l) => ({
            id: `lead:${l.id}`,
            label: t("palette.openLead", { name: title(l) }),
            run: go(`/leads/${encodeURIComponent(l.id)}`),
          }))
        : [];
    return [...found, ...matching];
  }, [catalogue, saved, me.role, t, common, text, debounced, leads.data, title, navigate, close]);

  const index = Math.min(active, Math.max(0, commands.length - 1));
  const optionId = (i: number) => `${listId}-option-${i}`;

  return (
    <Stack gap="xs">
      <TextInput
        ref={input}
        data-autofocus
        label={t("palette.input")}
        value={text}
        onChange={(e) => {
          setText(e.currentTarget.value);
          setActive(0);
        }}
        role="combobox"
        aria-expanded
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={commands.length > 0 ? optionId(index) : undefined}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") {
            e.preventDefault();
            setActive((index + 1) % Math.max(1, commands.length));
          } else if (e.key === "ArrowUp") {
            e.preventDefault();
            setActive((index - 1 + commands.length) % Math.max(1, commands.length));
          } else if (e.key === "Enter") {
            e.preventDefault();
            commands[index]?.run();
          }
        }}
        rightSection={leads.isFetching ? <Loader size="xs" aria-label={t("palette.searching")} /> : null}
        data-testid="palette-input"
      />
      <div
        id={listId}
        role="listbox"
        aria-label={t("palette.results")}
        style={{ maxHeight: "50vh", overflowY: "auto" }}
      >
        {commands.map((c, i) => (
          // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox above handles the keys (aria-activedescendant)
          <div
            key={c.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === index}
            tabIndex={-1}
            className={classes.paletteOption}
            onMouseEnter={() => setActive(i)}
            onClick={c.run}
            data-testid="palette-option"
            data-command={c.id}
          >
            {c.label}
          </div>
        ))}
      </div>
      {commands.length === 0 && (
        <Text size="sm" c="dimmed">
          {t("palette.empty")}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {t("palette.hint")}
      </Text>
    </Stack>
  );
}
