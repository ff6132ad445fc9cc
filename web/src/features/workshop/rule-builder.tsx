import {
  ActionIcon,
  Alert,
  Button,
  Group,
  MultiSelect,
  NativeSelect,
  NumberInput,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  addCondition,
  type Cond,
  type DraftFact,
  defaultValue,
  type Op,
  opsFor,
  readDraft,
  removeCondition,
  setCondition,
  setJoin,
  type Value,
  WINDOW_OPS,
} from "./yaml-rules";

type LabelText = { en?: string; ru?: string };

/**
 * Beside the YAML: a chosen grade's conditions as rows (fact, operator, value). Every edit is
 * written into the text (which the editor shows at once); every text edit re-renders the rows.
 * Shapes it cannot show without loss are named and left to the YAML.
 */
export function RuleBuilder({ text, onText }: { text: string; onText: (text: string) => void }) {
  const { t, i18n } = useTranslation("workshop");
  const model = useMemo(() => readDraft(text), [text]);
  const [chosen, setChosen] = useState<string | null>(null);
  const say = (l: LabelText, fallback: string) =>
    (i18n.language === "ru" ? (l.ru ?? l.en) : l.en) ?? fallback;

  if (!model)
    return (
      <Alert color="yellow" data-testid="builder-unparsed">
        {t("builder.unparsed")}
      </Alert>
    );
  if (model.grades.length === 0) return <Text c="dimmed">{t("builder.noGrades")}</Text>;
  const gradeIndex = Math.max(
    0,
    model.grades.findIndex((g) => g.key === chosen),
  );
  const grade = model.grades[gradeIndex];
  if (!grade) return null;
  const facts = model.facts.filter((f) => f.type !== "text" && f.key);
  const shape = grade.shape;
  const today = new Date().toISOString().slice(0, 10);

  const change = (row: number, cond: Cond) => {
    if (shape.kind !== "rules") return;
    onText(setCondition(text, gradeIndex, shape.join, row, cond));
  };

  return (
    <Stack gap="sm" data-testid="rule-builder">
      <NativeSelect
        label={t("builder.grade")}
        value={grade.key}
        onChange={(e) => setChosen(e.currentTarget.value)}
        data={model.grades.map((g) => ({ value: g.key, label: `${say(g.label, g.key)} (${g.key})` }))}
        data-testid="builder-grade"
      />
      {shape.kind === "fallback" && <Text size="sm">{t("builder.fallback")}</Text>}
      {shape.kind === "complex" && (
        <Alert color="gray" data-testid="builder-complex">
          {t("builder.complex")}
        </Alert>
      )}
      {shape.kind === "rules" && (
        <>
          {shape.join !== "single" && (
            <Stack gap={4}>
              <Text size="sm" fw={500} id="builder-join">
                {t("builder.join")}
              </Text>
              <SegmentedControl
                aria-labelledby="builder-join"
                size="xs"
                value={shape.join}
                onChange={(v) =>
                  shape.join !== "single" && onText(setJoin(text, gradeIndex, shape.join, v as "all" | "any"))
                }
                data={[
                  { value: "all", label: t("builder.joinAll") },
                  { value: "any", label: t("builder.joinAny") },
                ]}
                data-testid="builder-join"
              />
            </Stack>
          )}
          <Stack gap="xs" component="ol" m={0} p={0} style={{ listStyle: "none" }}>
            {shape.rows.map((row, i) => {
              const n = i + 1;
              const removable = shape.join !== "single" && shape.rows.length > 1;
              const remove = () =>
                shape.join !== "single" && onText(removeCondition(text, gradeIndex, shape.join, i));
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions in the rule's list
                <li key={i} data-testid="builder-row">
                  {row.kind === "complex" ? (
                    <Group gap="xs" wrap="nowrap">
                      <Text size="sm" c="dimmed" style={{ flex: 1 }}>
                        {n}. {t("builder.complex")}
                      </Text>
                      {removable && (
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={t("builder.remove", { n })}
                          onClick={remove}
                        >
                          ×
                        </ActionIcon>
                      )}
                    </Group>
                  ) : (
                    <ConditionRow
                      n={n}
                      cond={row.cond}
                      facts={facts}
                      today={today}
                      say={say}
                      onChange={(c) => change(i, c)}
                      onRemove={removable ? remove : undefined}
                    />
                  )}
                </li>
              );
            })}
          </Stack>
          <Button
            variant="light"
            size="xs"
            w="fit-content"
            disabled={facts.length === 0}
            data-testid="builder-add"
            onClick={() => {
              const fact = facts[0];
              if (!fact) return;
              const op = opsFor(fact.type)[0] as Op;
              onText(
                addCondition(text, gradeIndex, shape.join, {
                  fact: fact.key,
                  op,
                  value: defaultValue(fact, op, today),
                }),
              );
            }}
          >
            {t("builder.add")}
          </Button>
        </>
      )}
    </Stack>
  );
}

function ConditionRow({
  n,
  cond,
  facts,
  today,
  say,
  onChange,
  onRemove,
}: {
  n: number;
  cond: Cond;
  facts: readonly DraftFact[];
  today: string;
  say: (l: LabelText, fallback: string) => string;
  onChange: (c: Cond) => void;
  onRemove: (() => void) | undefined;
}) {
  const { t } = useTranslation("workshop");
  const fact = facts.find((f) => f.key === cond.fact);
  const ops = fact ? opsFor(fact.type) : [cond.op];
  const opList = ops.includes(cond.op) ? ops : [cond.op, ...ops];
  return (
    <Group gap="xs" align="flex-start" wrap="nowrap" data-fact={cond.fact} data-op={cond.op}>
      <Text size="sm" c="dimmed" w={18} pt={4} aria-hidden>
        {n}.
      </Text>
      <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
        <NativeSelect
          aria-label={`${t("builder.fact")} ${n}`}
          size="xs"
          value={cond.fact}
          data={[
            ...(fact ? [] : [{ value: cond.fact, label: cond.fact }]),
            ...facts.map((f) => ({ value: f.key, label: say(f.label, f.key) })),
          ]}
          onChange={(e) => {
            const next = facts.find((f) => f.key === e.currentTarget.value);
            if (!next) return;
            const nextOps = opsFor(next.type);
            const op = nextOps.includes(cond.op) ? cond.op : (nextOps[0] as Op);
            onChange({ fact: next.key, op, value: defaultValue(next, op, today) });
          }}
          data-testid="builder-fact"
        />
        <Group gap={4} wrap="wrap" align="flex-start">
          <NativeSelect
            aria-label={`${t("builder.operator")} ${n}`}
            size="xs"
            value={cond.op}
            style={{ flex: "1 1 140px" }}
            data={opList.map((op) => ({ value: op, label: t(`builder.ops.${op}`) }))}
            onChange={(e) => {
              const op = e.currentTarget.value as Op;
              onChange({ fact: cond.fact, op, value: defaultValue(fact, op, today) });
            }}
            data-testid="builder-op"
          />
          <div style={{ flex: "1 1 140px" }}>
            <ValueInput
              n={n}
              cond={cond}
              fact={fact}
              say={say}
              onChange={(value) => onChange({ ...cond, value })}
            />
          </div>
        </Group>
      </Stack>
      {onRemove && (
        <ActionIcon
          variant="subtle"
          color="red"
          aria-label={t("builder.remove", { n })}
          onClick={onRemove}
          mt={2}
          data-testid="builder-remove"
        >
          ×
        </ActionIcon>
      )}
    </Group>
  );
}

function ValueInput({
  n,
  cond,
  fact,
  say,
  onChange,
}: {
  n: number;
  cond: Cond;
  fact: DraftFact | undefined;
  say: (l: LabelText, fallback: string) => string;
  onChange: (v: Value) => void;
}) {
  const { t } = useTranslation("workshop");
  const label = `${t("builder.value")} ${n}`;
  const common = { size: "xs" as const, "data-testid": "builder-value" };
  const v = cond.value;
  if (cond.op === "is")
    return (
      <NativeSelect
        {...common}
        aria-label={label}
        value={String(v)}
        data={[
          { value: "known", label: t("builder.known") },
          { value: "unknown", label: t("builder.unknown") },
        ]}
        onChange={(e) => onChange(e.currentTarget.value)}
      />
    );
  if (WINDOW_OPS.includes(cond.op))
    return (
      <TextInput
        {...common}
        aria-label={label}
        value={String(v)}
        placeholder={t("builder.periodHint")}
        onChange={(e) => onChange(e.currentTarget.value)}
      />
    );
  if (fact?.type === "boolean")
    return (
      <NativeSelect
        {...common}
        aria-label={label}
        value={String(v)}
        data={[
          { value: "true", label: t("builder.yes") },
          { value: "false", label: t("builder.no") },
        ]}
        onChange={(e) => onChange(e.currentTarget.value === "true")}
      />
    );
  if (fact?.type === "enum") {
    const data = fact.options.map((o) => ({ value: o.value, label: say(o.label, o.value) }));
    if (cond.op === "in")
      return (
        <MultiSelect
          {...common}
          aria-label={label}
          data={data}
          value={Array.isArray(v) ? v.map(String) : [String(v)]}
          onChange={(vals) => vals.length > 0 && onChange(vals)}
        />
      );
    return (
      <NativeSelect
        {...common}
        aria-label={label}
        value={String(v)}
        data={data}
        onChange={(e) => onChange(e.currentTarget.value)}
      />
    );
  }
  if (cond.op === "between" && Array.isArray(v)) {
    const [lo, hi] = v;
    const one = (which: 0 | 1, val: number | string | undefined, sub: string) =>
      fact?.type === "number" ? (
        <NumberInput
          size="xs"
          aria-label={`${label}: ${sub}`}
          value={typeof val === "number" ? val : 0}
          onChange={(x) => typeof x === "number" && onChange(which === 0 ? [x, hi ?? x] : [lo ?? x, x])}
        />
      ) : (
        <TextInput
          size="xs"
          aria-label={`${label}: ${sub}`}
          value={String(val ?? "")}
          placeholder={t("builder.dateHint")}
          onChange={(e) => {
            const x = e.currentTarget.value;
            onChange(which === 0 ? [x, hi ?? x] : [lo ?? x, x]);
          }}
        />
      );
    return (
      <Group gap={4} wrap="nowrap" data-testid="builder-value">
        {one(0, lo, t("builder.from"))}
        {one(1, hi, t("builder.to"))}
      </Group>
    );
  }
  if (cond.op === "in")
    return (
      <TextInput
        {...common}
        aria-label={label}
        value={Array.isArray(v) ? v.join(", ") : String(v)}
        onChange={(e) => {
          const parts = e.currentTarget.value.split(",").map((s) => s.trim());
          const vals = parts
            .filter(Boolean)
            .map((s) => (fact?.type === "number" && !Number.isNaN(Number(s)) ? Number(s) : s));
          if (vals.length > 0) onChange(vals);
        }}
      />
    );
  if (fact?.type === "number")
    return (
      <NumberInput
        {...common}
        aria-label={label}
        value={typeof v === "number" ? v : 0}
        onChange={(x) => typeof x === "number" && onChange(x)}
      />
    );
  return (
    <TextInput
      {...common}
      aria-label={label}
      value={String(v)}
      placeholder={fact?.type === "date" ? t("builder.dateHint") : undefined}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  );
}
