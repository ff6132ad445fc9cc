import { Title } from "@mantine/core";

/** Placeholder until this screen is built. */
export function ReportsPage() {
  return <Title order={1}>ReportsPage</Title>;
}
