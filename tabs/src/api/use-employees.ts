import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useApiClient } from './api-client-context';
import { queryKeys } from './query-keys';
import type { EmployeePage } from './types';

/** Page size of the Employees grid: a screenful or two per request. */
export const employeePageSize = 100;

/** The directory in name order, keyset-paged by the API, searched by word prefix. */
export function useEmployees(search: string) {
  const client = useApiClient();
  return useInfiniteQuery({
    queryKey: queryKeys.employees(search),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => {
      const query = new URLSearchParams({ limit: String(employeePageSize) });
      if (search !== '') query.set('search', search);
      if (pageParam !== undefined) query.set('cursor', pageParam);
      return (await client.request<EmployeePage>(`/api/employees?${query.toString()}`)).data;
    },
    getNextPageParam: (last) => last.next ?? undefined,
    // A new search keeps the old rows on screen until its first page arrives.
    placeholderData: keepPreviousData,
  });
}
