import { z } from 'zod';
import type { GraphCall, GraphRoute } from '../graph-route.js';
import { graphError, graphJson, type GraphResponse } from '../graph-response.js';

// The body is optional: no `isSyncedFromOnPremises` lists synced and cloud extensions alike.
const bodySchema = z.object({ isSyncedFromOnPremises: z.boolean().optional() }).strict();

/**
 * `POST /directoryObjects/getAvailableExtensionProperties`: every directory extension registered
 * in the tenant, in one unpaged collection as Graph answers it.
 */
function availableExtensionProperties(call: GraphCall): GraphResponse {
  const parsed = bodySchema.safeParse(call.request.body ?? {});
  if (!parsed.success) {
    return graphError(
      call.info,
      400,
      'Request_BadRequest',
      "Invalid request body: the only parameter is 'isSyncedFromOnPremises' (Edm.Boolean).",
    );
  }
  const synced = parsed.data.isSyncedFromOnPremises;
  const value = call.tenant.directory.extensionProperties
    .filter((extension) => synced === undefined || extension.isSyncedFromOnPremises === synced)
    .map((extension) => ({
      '@odata.type': '#microsoft.graph.extensionProperty',
      id: extension.id,
      deletedDateTime: null,
      appDisplayName: extension.appDisplayName,
      dataType: extension.dataType,
      isMultiValued: extension.isMultiValued,
      isSyncedFromOnPremises: extension.isSyncedFromOnPremises,
      name: extension.name,
      targetObjects: extension.targetObjects,
    }));
  return graphJson({
    '@odata.context': `${call.env.origin}/v1.0/$metadata#Collection(microsoft.graph.extensionProperty)`,
    value,
  });
}

export const directoryObjectRoutes: GraphRoute[] = [
  {
    method: 'POST',
    pattern: /^\/directoryObjects\/getAvailableExtensionProperties$/,
    name: 'POST /directoryObjects/getAvailableExtensionProperties',
    // Graph documents Directory.Read.All as the least privileged permission for this action.
    permissions: ['Directory.Read.All', 'Directory.ReadWrite.All'],
    cost: () => 1,
    handle: availableExtensionProperties,
  },
];
