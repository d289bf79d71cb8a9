import { Badge, Body1, Card, CardHeader, Subtitle1 } from '@fluentui/react-components';
import { useTenantSummary } from '../api/use-tenant-summary';
import { ErrorState } from '../components/error-state';
import { LoadingSkeleton } from '../components/loading-skeleton';
import { formatDateTime } from '../format/format';
import { useDashboardStyles } from './dashboard.styles';

/** The linked tenant: its name, who linked it, when. */
export function TenantCard() {
  const styles = useDashboardStyles();
  const tenant = useTenantSummary();
  return (
    <Card className={styles.card} aria-labelledby="tenant-card-title">
      <CardHeader
        header={
          <Subtitle1 as="h2" id="tenant-card-title">
            Tenant
          </Subtitle1>
        }
        action={
          tenant.isSuccess ? (
            <Badge appearance="tint" color="success">
              Linked
            </Badge>
          ) : null
        }
      />
      {tenant.isPending && <LoadingSkeleton label="Loading the tenant" />}
      {tenant.isError && <ErrorState error={tenant.error} onRetry={() => void tenant.refetch()} />}
      {tenant.isSuccess && (
        <>
          <Body1 as="p" data-testid="tenant-name">
            {tenant.data.displayName}
          </Body1>
          <dl className={styles.facts}>
            <dt className={styles.term}>Tenant id</dt>
            <dd className={styles.value}>{tenant.data.tenantId}</dd>
            <dt className={styles.term}>Linked</dt>
            <dd className={styles.value}>
              {formatDateTime(tenant.data.linkedAt)}
              {tenant.data.linkedBy === null ? '' : ` by ${tenant.data.linkedBy.name}`}
            </dd>
            <dt className={styles.term}>Sync interval</dt>
            <dd className={styles.value}>
              every {tenant.data.settings.scheduleIntervalMinutes} minutes
            </dd>
            <dt className={styles.term}>Clean Up</dt>
            <dd className={styles.value}>{tenant.data.settings.cleanUp ? 'On' : 'Off'}</dd>
          </dl>
        </>
      )}
    </Card>
  );
}
