import { Body1, Subtitle2, Title2, makeStyles, tokens } from '@fluentui/react-components';
import type { Me } from '../api/types';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalM,
    maxWidth: '60ch',
  },
});

/** A signed-in user who is not an admin: who can use Roster, and why. */
export function NotAllowedPage(props: { me: Me }) {
  const styles = useStyles();
  return (
    <section aria-labelledby="not-allowed-title" className={styles.root}>
      <Title2 as="h1" id="not-allowed-title">
        Roster is for administrators
      </Title2>
      <Body1 as="p">
        You are signed in as {props.me.name} ({props.me.username}), who does not hold an
        administrator role in your organization&apos;s Microsoft Entra ID.
      </Body1>
      <Subtitle2 as="h2">Who can use Roster</Subtitle2>
      <Body1 as="p">
        Global Administrators, Application Administrators and Cloud Application Administrators.
        Roster decides who is imported into your organization&apos;s employee directory and can
        remove people from it, so it needs the same trust as managing your apps.
      </Body1>
      <Subtitle2 as="h2">What you can do</Subtitle2>
      <Body1 as="p">
        Ask one of your administrators to make the change you need, or to give you one of these
        roles. If you were just given a role, sign out and in again.
      </Body1>
    </section>
  );
}
