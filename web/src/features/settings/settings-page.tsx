import { Title } from "@mantine/core";

/** Placeholder until this screen is built. */
export function SettingsPage() {
  return <Title order={1}>SettingsPage</Title>;
}
