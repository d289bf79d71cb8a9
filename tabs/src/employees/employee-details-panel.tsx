import {
  Badge,
  Body1,
  Button,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  MessageBar,
  MessageBarBody,
  OverlayDrawer,
  Subtitle2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { Dismiss24Regular } from '@fluentui/react-icons';
import { Fragment } from 'react';
import type { Column, EmployeeDetails } from '../api/types';
import { useEmployee } from '../api/use-employee';
import { ErrorState } from '../components/error-state';
import { LoadingSkeleton } from '../components/loading-skeleton';
import { emailSourceLabels } from '../format/format';
import { employeeName } from './employee-grid';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalL },
  section: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXS },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'minmax(120px, max-content) 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, overflowWrap: 'anywhere' },
  aliases: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
});

/** One employee: why they are in the directory, their email and where it came from, and fields. */
export function EmployeeDetailsPanel(props: { id: string | undefined; onClose: () => void }) {
  const details = useEmployee(props.id);
  const title =
    details.data === undefined
      ? 'Employee'
      : (details.data.explanation?.displayName ??
        employeeName(details.data.employee, details.data.columns));
  return (
    <OverlayDrawer
      position="end"
      size="medium"
      open={props.id !== undefined}
      onOpenChange={(_event, data) => {
        if (!data.open) props.onClose();
      }}
      aria-label="Employee details"
    >
      <DrawerHeader>
        <DrawerHeaderTitle
          action={
            <Button
              appearance="subtle"
              aria-label="Close"
              icon={<Dismiss24Regular />}
              onClick={props.onClose}
            />
          }
        >
          {title}
        </DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody>
        {details.isPending && <LoadingSkeleton label="Loading the employee" lines={6} />}
        {details.isError && (
          <ErrorState error={details.error} onRetry={() => void details.refetch()} />
        )}
        {details.isSuccess && <DetailsBody details={details.data} />}
      </DrawerBody>
    </OverlayDrawer>
  );
}

function DetailsBody(props: { details: EmployeeDetails }) {
  const styles = useStyles();
  const { employee, explanation, explanationError, columns } = props.details;
  return (
    <div className={styles.body}>
      <section className={styles.section} aria-labelledby="why-title">
        <Subtitle2 as="h3" id="why-title">
          Why this person is in the directory
        </Subtitle2>
        {explanation === null && (
          <MessageBar intent="warning">
            <MessageBarBody>
              Roster could not ask Entra ID right now
              {explanationError === null ? '' : `: ${explanationError}`}. What is stored is shown
              below; open this panel again later for the explanation.
            </MessageBarBody>
          </MessageBar>
        )}
        {explanation !== null && (
          <div data-testid="inclusion-reason">
            {explanation.included ? (
              <Badge appearance="tint" color="success">
                Included
              </Badge>
            ) : (
              <Badge appearance="tint" color="warning">
                Leaves at the next sync
              </Badge>
            )}{' '}
            <Body1>
              {explanation.included
                ? 'Passes every filter of Preferences › Integration, and has an email address Roster can use (below).'
                : (explanation.reason?.text ?? 'The current settings no longer import this user.')}
            </Body1>
          </div>
        )}
      </section>
      <section className={styles.section} aria-labelledby="email-title">
        <Subtitle2 as="h3" id="email-title">
          Email
        </Subtitle2>
        <dl className={styles.facts}>
          <dt className={styles.term}>Address</dt>
          <dd className={styles.value}>{employee.email}</dd>
          <dt className={styles.term}>Came from</dt>
          <dd className={styles.value}>
            {emailSourceLabels[employee.emailSource] ?? employee.emailSource}
          </dd>
          <dt className={styles.term}>Aliases</dt>
          <dd className={styles.value}>
            {employee.aliases.length === 0 ? (
              'None'
            ) : (
              <ul className={styles.aliases}>
                {employee.aliases.map((alias) => (
                  <li key={alias}>{alias}</li>
                ))}
              </ul>
            )}
          </dd>
        </dl>
      </section>
      <section className={styles.section} aria-labelledby="fields-title">
        <Subtitle2 as="h3" id="fields-title">
          Fields
        </Subtitle2>
        <FieldList columns={columns} fields={employee.fields} />
        <Body1 as="p">Entra ID object id: {employee.id}</Body1>
      </section>
    </div>
  );
}

function FieldList(props: {
  columns: readonly Column[];
  fields: Readonly<Record<string, string | null>>;
}) {
  const styles = useStyles();
  return (
    <dl className={styles.facts}>
      {props.columns.map((column) => (
        <Fragment key={column.key}>
          <dt className={styles.term}>{column.label}</dt>
          <dd className={styles.value}>{props.fields[column.key] ?? '—'}</dd>
        </Fragment>
      ))}
    </dl>
  );
}
