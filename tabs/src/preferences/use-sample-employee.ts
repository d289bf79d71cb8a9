import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { useApiClient } from '../api/api-client-context';

const pageSchema = z.object({
  employees: z.array(
    z.object({
      id: z.string(),
      email: z.string(),
      fields: z.record(z.string(), z.string().nullable()),
    }),
  ),
});

/** One employee Roster stored: the sample whose values Preferences › Fields shows. */
export type SampleEmployee = z.infer<typeof pageSchema>['employees'][number];

/** The first employee of the directory, or null when none is stored yet. */
export function useSampleEmployee(enabled = true) {
  const client = useApiClient();
  return useQuery({
    queryKey: ['preferences', 'sample-employee'],
    queryFn: async (): Promise<SampleEmployee | null> => {
      const { data } = await client.request('/api/employees?limit=1', { schema: pageSchema });
      return data.employees[0] ?? null;
    },
    enabled,
  });
}
