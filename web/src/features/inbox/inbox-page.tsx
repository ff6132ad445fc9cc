import { Title } from "@mantine/core";

/** Placeholder until this screen is built. */
export function InboxPage() {
  return <Title order={1}>InboxPage</Title>;
}
