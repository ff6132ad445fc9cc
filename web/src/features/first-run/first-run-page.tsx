import { Title } from "@mantine/core";

/** Placeholder until this screen is built. */
export function FirstRunPage() {
  return <Title order={1}>FirstRunPage</Title>;
}
