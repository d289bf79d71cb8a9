import { z } from 'zod';
import {
  graphError,
  graphJson,
  type GraphRequest,
  type GraphResponse,
  type RequestInfo,
} from '../graph-response.js';

/** Graph's limit on requests in one JSON batch. */
export const maxBatchRequests = 20;

const batchSchema = z.object({
  requests: z
    .array(
      z.object({
        id: z.string().min(1),
        method: z.string().min(1),
        url: z.string().min(1),
        headers: z.record(z.string(), z.string()).optional(),
        body: z.unknown().optional(),
        dependsOn: z.array(z.string()).optional(),
      }),
    )
    .min(1),
});

/**
 * JSON batching: each inner request runs on its own (own status, own throttling), and the
 * batch itself answers 200 even when inner requests fail.
 */
export async function runBatch(
  request: GraphRequest,
  info: RequestInfo,
  run: (inner: GraphRequest) => Promise<GraphResponse>,
): Promise<GraphResponse> {
  const parsed = batchSchema.safeParse(request.body);
  if (!parsed.success) {
    return graphError(info, 400, 'BadRequest', 'Invalid batch payload format.');
  }
  const { requests } = parsed.data;
  if (requests.length > maxBatchRequests) {
    return graphError(
      info,
      400,
      'BadRequest',
      `Number of batch requests exceeds the limit of ${maxBatchRequests}.`,
    );
  }
  if (new Set(requests.map((r) => r.id)).size !== requests.length) {
    return graphError(info, 400, 'BadRequest', 'Batch request ids must be unique.');
  }
  const responses = [];
  for (const inner of requests) {
    const url = new URL(inner.url.replace(/^\/?(v1\.0\/)?/, '/'), 'https://graph.invalid');
    // Inner requests carry only their own headers; the batch's authentication covers them.
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(inner.headers ?? {}))
      headers[name.toLowerCase()] = value;
    const response = await run({
      method: inner.method.toUpperCase(),
      path: decodeURI(url.pathname),
      query: url.searchParams,
      headers,
      body: inner.body,
    });
    responses.push({
      id: inner.id,
      status: response.status,
      headers: response.headers,
      body: response.body,
    });
  }
  return graphJson({ responses });
}
