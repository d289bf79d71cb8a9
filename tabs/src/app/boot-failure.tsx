import {
  Button,
  FluentProvider,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  teamsLightTheme,
  tokens,
} from '@fluentui/react-components';

const useStyles = makeStyles({
  root: { padding: tokens.spacingHorizontalXXL, minHeight: '100vh' },
  actions: { marginTop: tokens.spacingVerticalL },
});

/** Shown when Roster could not start: no sign-in, no host, no settings. */
export function BootFailure(props: { error: unknown }) {
  const styles = useStyles();
  const message = props.error instanceof Error ? props.error.message : String(props.error);
  return (
    <FluentProvider theme={teamsLightTheme}>
      <main className={styles.root}>
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>Roster could not sign you in</MessageBarTitle>
            {message} Reload the page to try again; if it keeps failing, ask your administrator to
            check Roster&apos;s sign-in settings.
          </MessageBarBody>
        </MessageBar>
        <div className={styles.actions}>
          <Button appearance="primary" onClick={() => window.location.reload()}>
            Reload
          </Button>
        </div>
      </main>
    </FluentProvider>
  );
}
