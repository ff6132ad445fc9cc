import { Title } from "@mantine/core";

/** Placeholder until this screen is built. */
export function LeadPage() {
  return <Title order={1}>LeadPage</Title>;
}
