import { Checkbox, Select, Stack, Textarea, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useLocalText } from "../../api/definition";
import type { CatalogueFact } from "./data";

export interface FactValueInputProps {
  readonly fact: CatalogueFact | undefined;
  readonly label: string;
  /** The form's text value: "true"/"false" for yes/no, the option key, the number, YYYY-MM-DD, "__unknown". */
  readonly value: string;
  readonly onChange: (v: string) => void;
  readonly error?: string | undefined;
  /** Offer "not known" (a value of null). */
  readonly allowUnknown?: boolean;
  readonly testId: string;
}

/** The right input for a fact's type: yes/no, the options, a number, a date or text. */
export function FactValueInput({
  fact,
  label,
  value,
  onChange,
  error,
  allowUnknown,
  testId,
}: FactValueInputProps) {
  const { t } = useTranslation("lead");
  const local = useLocalText();
  const unknown = value === "__unknown";
  const common = { label, error, "data-testid": testId, disabled: unknown };
  let input: React.ReactNode;
  switch (fact?.type) {
    case "boolean":
      input = (
        <Select
          {...common}
          data={[
            { value: "true", label: t("yes") },
            { value: "false", label: t("no") },
          ]}
          value={unknown ? null : value || null}
          onChange={(v) => onChange(v ?? "")}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
        />
      );
      break;
    case "enum":
      input = (
        <Select
          {...common}
          data={(fact.options ?? []).map((o) => ({ value: o.value, label: local(o.label) }))}
          value={unknown ? null : value || null}
          onChange={(v) => onChange(v ?? "")}
          allowDeselect={false}
          searchable
        />
      );
      break;
    case "number":
      input = (
        <TextInput
          {...common}
          inputMode="decimal"
          rightSection={fact.unit}
          value={unknown ? "" : value}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
      break;
    case "date":
      input = (
        <TextInput
          {...common}
          type="date"
          value={unknown ? "" : value}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
      break;
    default:
      input = (
        <Textarea
          {...common}
          autosize
          minRows={2}
          value={unknown ? "" : value}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
  }
  if (!allowUnknown) return input;
  return (
    <Stack gap={4}>
      {input}
      <Checkbox
        size="xs"
        label={t("form.unknownValue")}
        checked={unknown}
        onChange={(e) => onChange(e.currentTarget.checked ? "__unknown" : "")}
        data-testid={`${testId}-unknown`}
      />
    </Stack>
  );
}
