import { Title } from "@mantine/core";

/** Placeholder until this screen is built. */
export function WorkshopPage() {
  return <Title order={1}>WorkshopPage</Title>;
}
