import type { Client } from '@microsoft/microsoft-graph-client';

/** One page of `/users/delta` as Graph sends it. */
export interface DeltaPage {
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
  value: Record<string, unknown>[];
}

/** A whole delta round: every item of every page, in order, the pages' count and the delta link. */
export interface DeltaRound {
  items: Record<string, unknown>[];
  pages: number;
  deltaLink: string;
}

/**
 * Follows `@odata.nextLink` until the page that carries `@odata.deltaLink`, checking on the
 * way that no page carries both links or neither.
 */
export async function walkDelta(
  client: Client,
  start: string,
  headers: Record<string, string> = {},
): Promise<DeltaRound> {
  const items: Record<string, unknown>[] = [];
  let url = start;
  for (let pages = 1; pages <= 10_000; pages++) {
    const page = (await client.api(url).headers(headers).get()) as DeltaPage;
    const next = page['@odata.nextLink'];
    const delta = page['@odata.deltaLink'];
    if ((next === undefined) === (delta === undefined)) {
      throw new Error(`page ${pages} has ${next === undefined ? 'neither link' : 'both links'}`);
    }
    items.push(...page.value);
    if (delta !== undefined) return { items, pages, deltaLink: delta };
    url = next ?? '';
  }
  throw new Error('delta round did not end within 10,000 pages');
}
