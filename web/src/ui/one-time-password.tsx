import { Button, Code, CopyButton, Group, Paper, Text } from "@mantine/core";

/**
 * A one-time password the server generated, shown once with a copy button and what to do with it.
 * Texts come from the caller's namespace.
 */
export function OneTimePassword(props: {
  readonly password: string;
  readonly title: string;
  readonly words: string;
  readonly copy: string;
  readonly copied: string;
  readonly copyLabel: string;
  readonly testId?: string;
}) {
  return (
    <Paper
      withBorder
      p="sm"
      radius="sm"
      bg="var(--mantine-color-yellow-0)"
      data-testid={props.testId ?? "one-time-password"}
    >
      <Text fw={600} size="sm" mb="xs">
        {props.title}
      </Text>
      <Group gap="sm" wrap="wrap" align="center">
        <Code fz="md" data-testid="one-time-password-value" style={{ userSelect: "all" }}>
          {props.password}
        </Code>
        <CopyButton value={props.password} timeout={2000}>
          {({ copied, copy }) => (
            <Button size="xs" variant="light" onClick={copy} aria-label={props.copyLabel}>
              {copied ? props.copied : props.copy}
            </Button>
          )}
        </CopyButton>
      </Group>
      <Text size="sm" mt="xs">
        {props.words}
      </Text>
    </Paper>
  );
}
