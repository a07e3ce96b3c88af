import { Alert, AppShell, Container, Stack, Text, Title } from '@mantine/core';
import { ApiError } from './api';
import { useAppInfo } from './api/hooks';
import { StatusBar } from './components/StatusBar';

export function App() {
  const info = useAppInfo();
  return (
    <AppShell header={{ height: 52 }} padding="md">
      <AppShell.Header>
        <StatusBar />
      </AppShell.Header>
      <AppShell.Main>
        <Container size="md" pt="xl">
          <Stack>
            <Title order={2}>Welcome</Title>
            {info.error && (
              <Alert color="red" title="The till could not be reached">
                {info.error instanceof ApiError ? info.error.message : 'Check that the till is running, then reload this page.'}
              </Alert>
            )}
            {info.data?.mode === 'training' && (
              <Alert color="orange" title="Training mode" data-testid="training-notice">
                Everything here is practice: sales go to a built-in stand-in for Smartcall and no real money moves.
              </Alert>
            )}
            {info.data && (
              <Text c="dimmed" size="sm">
                Till data is kept in {info.data.dataDir}
              </Text>
            )}
          </Stack>
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
