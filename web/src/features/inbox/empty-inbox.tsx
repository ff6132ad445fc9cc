import { Anchor, Button, Code, Group, List, Paper, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import classes from "./inbox.module.css";

const CAPTURE_EXAMPLE = `curl -X POST ${window.location.origin}/api/v1/capture \\
  -H "Authorization: Bearer <capture key>" \\
  -H "Content-Type: application/json" \\
  -d '{"name":"Jane Doe","email":"jane@example.com","source":"website"}'`;

/**
 * No leads at all: how they arrive (a form, an import, the API), with links for admins, and the
 * hand-entry button for those who may capture (`onNewLead`).
 */
export function EmptyInbox({
  isAdmin,
  onNewLead,
}: {
  isAdmin: boolean;
  onNewLead?: (() => void) | undefined;
}) {
  const { t } = useTranslation("inbox");
  return (
    <Paper withBorder p="lg" my="md" data-testid="inbox-empty" maw={760}>
      <Stack gap="md">
        <Title order={2} size="h3">
          {t("empty.title")}
        </Title>
        <Text size="sm">{t("empty.intro")}</Text>
        <List type="ordered" spacing="md" size="sm">
          <List.Item>
            <Text fw={600} size="sm">
              {t("empty.form")}
            </Text>
            <Text size="sm">
              {t("empty.formText")}{" "}
              {isAdmin && (
                <Anchor component={Link} to="/settings/forms" size="sm">
                  {t("empty.formLink")}
                </Anchor>
              )}
            </Text>
          </List.Item>
          <List.Item>
            <Text fw={600} size="sm">
              {t("empty.import")}
            </Text>
            <Text size="sm">{t("empty.importText")}</Text>
            <Code className={classes.code}>npx truce import leads.csv</Code>
          </List.Item>
          <List.Item>
            <Text fw={600} size="sm">
              {t("empty.api")}
            </Text>
            <Text size="sm">
              {t("empty.apiText")}{" "}
              {isAdmin && (
                <Anchor component={Link} to="/settings/keys" size="sm">
                  {t("empty.apiLink")}
                </Anchor>
              )}
            </Text>
            <Code block className={classes.code}>
              {CAPTURE_EXAMPLE}
            </Code>
          </List.Item>
        </List>
        {!isAdmin && (
          <Text size="sm" c="dimmed">
            {t("empty.askAdmin")}
          </Text>
        )}
        {onNewLead && (
          <Group gap="sm">
            <Text size="sm">{t("empty.manual")}</Text>
            <Button size="xs" onClick={onNewLead} data-testid="empty-new-lead">
              {t("newLead.button")}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
