import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
} from '@fluentui/react-components';
import { LinkRegular, LinkDismissRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { startConsent } from './open-consent';
import { usePreferencesStyles } from './preferences.styles';
import { useLinkTenant, useUnlinkTenant } from './use-tenant-link';
import type { LinkedTenant } from './use-tenant-settings';

const dateOf = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Unlink, after a confirmation that offers to delete what Roster stored. */
function UnlinkDialog(props: { tenantName: string; open: boolean; onClose: () => void }) {
  const styles = usePreferencesStyles();
  const unlink = useUnlinkTenant();
  const [deleteData, setDeleteData] = useState(false);
  const close = () => {
    setDeleteData(false);
    unlink.reset();
    props.onClose();
  };
  return (
    <Dialog
      open={props.open}
      onOpenChange={(_e, d) => {
        if (!d.open) close();
      }}
    >
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Unlink Roster from {props.tenantName}?</DialogTitle>
          <DialogContent className={styles.stack}>
            <Text>
              Roster stops syncing and forgets the link. You can link again at any time; the next
              sync then reads the whole directory.
            </Text>
            <Checkbox
              checked={deleteData}
              onChange={(_e, d) => setDeleteData(d.checked === true)}
              label="Also delete the employee directory and run history Roster stored"
            />
            {unlink.isError && (
              <MessageBar intent="error">
                <MessageBarBody>
                  Roster could not unlink: {unlink.error.message} Try again.
                </MessageBarBody>
              </MessageBar>
            )}
          </DialogContent>
          <DialogActions>
            <Button
              appearance="primary"
              disabled={unlink.isPending}
              icon={unlink.isPending ? <Spinner size="tiny" /> : null}
              onClick={() => unlink.mutate({ deleteData }, { onSuccess: close })}
            >
              {deleteData ? 'Unlink and delete data' : 'Unlink'}
            </Button>
            <Button onClick={close}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/**
 * Link Entra ID Account (admin consent, in Teams' authentication window or a popup), the
 * linked tenant's name, and Unlink.
 */
export function LinkPanel({ tenant }: { tenant: LinkedTenant | null }) {
  const styles = usePreferencesStyles();
  const link = useLinkTenant();
  const [unlinking, setUnlinking] = useState(false);
  const result = link.data;

  return (
    <div className={styles.stack}>
      {tenant === null ? (
        <>
          <Text>
            Roster is not linked to your organisation's Entra ID yet. Linking asks a global
            administrator to consent to Roster reading users and groups; Roster then imports your
            directory on a schedule.
          </Text>
          <div>
            <Button
              appearance="primary"
              icon={link.isPending ? <Spinner size="tiny" /> : <LinkRegular />}
              disabled={link.isPending}
              onClick={() => link.mutate(startConsent())}
            >
              Link Entra ID Account
            </Button>
          </div>
          {link.isPending && (
            <Text aria-live="polite">Waiting for consent in the other window…</Text>
          )}
        </>
      ) : (
        <>
          <div className={styles.row}>
            <Text size={400} weight="semibold">
              Linked to {tenant.displayName}
            </Text>
            <Button icon={<LinkDismissRegular />} onClick={() => setUnlinking(true)}>
              Unlink
            </Button>
          </div>
          <Text className={styles.hint}>
            Linked {dateOf(tenant.linkedAt)}
            {tenant.linkedBy === null ? '' : ` by ${tenant.linkedBy.name}`}. Tenant ID{' '}
            {tenant.tenantId}.
          </Text>
          <UnlinkDialog
            tenantName={tenant.displayName}
            open={unlinking}
            onClose={() => setUnlinking(false)}
          />
        </>
      )}
      {link.isError && (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>Linking could not start</MessageBarTitle>
            {link.error.message} Try again.
          </MessageBarBody>
        </MessageBar>
      )}
      {result !== undefined && result.outcome !== 'linked' && tenant === null && (
        <MessageBar intent={result.outcome === 'cancelled' ? 'warning' : 'error'}>
          <MessageBarBody>
            <MessageBarTitle>
              {result.outcome === 'cancelled' ? 'Roster was not linked' : 'Linking failed'}
            </MessageBarTitle>
            {result.message} Select Link Entra ID Account to try again.
          </MessageBarBody>
        </MessageBar>
      )}
      {result?.outcome === 'linked' && tenant !== null && (
        <MessageBar intent="success">
          <MessageBarBody>Roster is linked to {tenant.displayName}.</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
