import { Button, SearchBox, Text, Title2, Field } from '@fluentui/react-components';
import { ArrowDownload20Regular } from '@fluentui/react-icons';
import { useMutation } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { useApiClient } from '../api/api-client-context';
import { downloadEmployeesCsv } from '../api/download-employees-csv';
import type { Employee } from '../api/types';
import { useEmployees } from '../api/use-employees';
import { EmptyState } from '../components/empty-state';
import { ErrorState } from '../components/error-state';
import { LoadingSkeleton } from '../components/loading-skeleton';
import { RouterLink } from '../components/router-link';
import { formatCount } from '../format/format';
import { EmployeeDetailsPanel } from './employee-details-panel';
import { EmployeeGrid } from './employee-grid';
import { useEmployeesStyles } from './employees.styles';
import { useDebouncedValue } from './use-debounced-value';

/** The directory Roster keeps: search, scroll, export, and the details of anyone in it. */
export function EmployeesPage() {
  const styles = useEmployeesStyles();
  const client = useApiClient();
  const [searchText, setSearchText] = useState('');
  const search = useDebouncedValue(searchText.trim(), 250);
  const employees = useEmployees(search);
  const [selectedId, setSelectedId] = useState<string | undefined>();
  const exportCsv = useMutation({ mutationFn: () => downloadEmployeesCsv(client) });

  const rows = useMemo(
    () => employees.data?.pages.flatMap((page) => page.employees) ?? [],
    [employees.data],
  );
  const columns = employees.data?.pages[0]?.columns ?? [];
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = employees;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);
  const open = useCallback((employee: Employee) => setSelectedId(employee.id), []);

  return (
    <div className={styles.page}>
      <Title2 as="h1">Employees</Title2>
      <div className={styles.toolbar}>
        <Field label="Search employees" className={styles.search}>
          <SearchBox
            value={searchText}
            placeholder="Name, email, department…"
            onChange={(_event, data) => setSearchText(data.value)}
          />
        </Field>
        <Button
          icon={<ArrowDownload20Regular />}
          disabled={exportCsv.isPending}
          onClick={() => exportCsv.mutate()}
        >
          {exportCsv.isPending ? 'Exporting…' : 'Export CSV'}
        </Button>
        <Text className={styles.summary} role="status" aria-live="polite">
          {employees.isSuccess &&
            (hasNextPage
              ? `${formatCount(rows.length)} loaded; scroll for more`
              : `${formatCount(rows.length)} ${rows.length === 1 ? 'employee' : 'employees'}`)}
          {employees.isFetching && !isFetchingNextPage && employees.isSuccess
            ? ' · searching…'
            : ''}
        </Text>
      </div>
      {exportCsv.isError && <ErrorState what="Export CSV" error={exportCsv.error} />}
      {employees.isPending && <LoadingSkeleton label="Loading employees" lines={8} />}
      {employees.isError && (
        <ErrorState error={employees.error} onRetry={() => void employees.refetch()} />
      )}
      {employees.isSuccess && rows.length === 0 && search !== '' && (
        <EmptyState title={`No one matches “${search}”`}>
          Search looks for words that start with what you type, in names, email and the other
          fields. Try fewer letters, or check why someone is not imported under Preferences ›
          Integration with Preview.
        </EmptyState>
      )}
      {employees.isSuccess && rows.length === 0 && search === '' && (
        <EmptyState title="The directory is empty">
          No one has been imported yet. Run a sync from the{' '}
          <RouterLink to="/">dashboard</RouterLink>, or check the filters under{' '}
          <RouterLink to="/preferences/integration">Preferences › Integration</RouterLink>.
        </EmptyState>
      )}
      {employees.isSuccess && rows.length > 0 && (
        <EmployeeGrid
          columns={columns}
          employees={rows}
          hasMore={hasNextPage}
          loadingMore={isFetchingNextPage}
          onLoadMore={loadMore}
          selectedId={selectedId}
          onOpen={open}
        />
      )}
      <EmployeeDetailsPanel id={selectedId} onClose={() => setSelectedId(undefined)} />
    </div>
  );
}
