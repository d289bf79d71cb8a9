import type { ApiClient } from './client';

/**
 * Export CSV: the download needs the caller's token, so it is fetched as a blob and handed to
 * the browser through an object URL.
 */
export async function downloadEmployeesCsv(client: ApiClient): Promise<void> {
  const { data } = await client.request<Blob>('/api/employees/export.csv', {
    responseType: 'blob',
    headers: { accept: 'text/csv' },
  });
  const url = URL.createObjectURL(data);
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = 'employees.csv';
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // The click has started the download; the URL is not needed once it has been read.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
