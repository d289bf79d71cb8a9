import {
  Button,
  Tab,
  TabList,
  Text,
  Tooltip,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { SignOut20Regular } from '@fluentui/react-icons';
import type { ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useMe } from '../api/use-me';
import type { Session } from '../host/session';
import { navigationItemOf, navigationItems } from './navigation';

const useStyles = makeStyles({
  header: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalS,
    paddingInline: tokens.spacingHorizontalXL,
    paddingBlock: tokens.spacingVerticalS,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  brand: { fontWeight: tokens.fontWeightSemibold },
  nav: { flexGrow: 1, minWidth: 0 },
  group: {
    color: tokens.colorNeutralForeground3,
    paddingInlineStart: tokens.spacingHorizontalM,
    alignSelf: 'center',
  },
  user: { display: 'flex', alignItems: 'center', columnGap: tokens.spacingHorizontalS },
  main: {
    padding: tokens.spacingHorizontalXL,
    maxWidth: '1400px',
    marginInline: 'auto',
    boxSizing: 'border-box',
  },
});

/** The frame of every page: Roster's navigation, who is signed in, and the page. */
export function AppShell(props: { session: Session; children: ReactNode }) {
  const styles = useStyles();
  const location = useLocation();
  const navigate = useNavigate();
  const me = useMe();
  const ready = me.data?.isAdmin === true;
  const linked = me.data?.tenantLinked === true;
  const { signOut } = props.session;
  const userName = me.data?.name ?? props.session.userName;
  let previousGroup: string | undefined;

  return (
    <>
      <header className={styles.header}>
        <Text as="span" size={400} className={styles.brand}>
          Roster
        </Text>
        {ready && (
          <nav aria-label="Roster" className={styles.nav}>
            <TabList
              selectedValue={navigationItemOf(location.pathname)}
              onTabSelect={(_event, data) => void navigate(String(data.value))}
            >
              {navigationItems.flatMap((item) => {
                const heading =
                  item.group !== undefined && item.group !== previousGroup ? (
                    <Text
                      key={`group-${item.group}`}
                      size={200}
                      className={styles.group}
                      aria-hidden
                    >
                      {item.group}
                    </Text>
                  ) : null;
                previousGroup = item.group;
                // Until the tenant is linked only the Link step can do anything.
                const disabled = !linked && item.path !== '/preferences/integration';
                const name = item.group === undefined ? item.label : `${item.group}: ${item.label}`;
                return [
                  heading,
                  <Tab key={item.path} value={item.path} disabled={disabled} aria-label={name}>
                    {item.label}
                  </Tab>,
                ].filter((node) => node !== null);
              })}
            </TabList>
          </nav>
        )}
        <div className={styles.user}>
          {userName !== undefined && <Text size={200}>{userName}</Text>}
          {signOut !== undefined && (
            <Tooltip content="Sign out" relationship="label">
              <Button
                appearance="subtle"
                icon={<SignOut20Regular />}
                onClick={() => void signOut()}
              />
            </Tooltip>
          )}
        </div>
      </header>
      <main className={styles.main}>{props.children}</main>
    </>
  );
}
