import type { GraphCall, GraphRoute } from '../graph-route.js';
import { graphError, graphJson, type GraphResponse } from '../graph-response.js';

function organization(call: GraphCall): GraphResponse {
  const directory = call.tenant.directory;
  const org: Record<string, unknown> = {
    id: directory.id,
    deletedDateTime: null,
    businessPhones: [],
    city: null,
    country: null,
    countryLetterCode: null,
    createdDateTime: '2020-01-01T00:00:00Z',
    displayName: directory.displayName,
    marketingNotificationEmails: [],
    onPremisesLastSyncDateTime: null,
    onPremisesSyncEnabled: null,
    postalCode: null,
    preferredLanguage: 'en',
    securityComplianceNotificationMails: [],
    securityComplianceNotificationPhones: [],
    state: null,
    street: null,
    technicalNotificationMails: [],
    tenantType: 'AAD',
    verifiedDomains: directory.verifiedDomains,
  };
  const select = call.request.query.get('$select');
  let properties = Object.keys(org);
  if (select !== null) {
    properties = select.split(',').map((name) => name.trim());
    const unknown = properties.find((name) => !(name in org));
    if (unknown !== undefined) {
      return graphError(
        call.info,
        400,
        'Request_BadRequest',
        `Parsing OData Select and Expand failed: Could not find a property named '${unknown}' on type 'microsoft.graph.organization'.`,
      );
    }
  }
  const selected = Object.fromEntries(properties.map((name) => [name, org[name]]));
  const context = select === null ? 'organization' : `organization(${properties.join(',')})`;
  return graphJson({
    '@odata.context': `${call.env.origin}/v1.0/$metadata#${context}`,
    value: [selected],
  });
}

export const organizationRoute: GraphRoute = {
  method: 'GET',
  pattern: /^\/organization$/,
  name: 'GET /organization',
  permissions: [
    'Organization.Read.All',
    'Organization.ReadWrite.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
  ],
  cost: () => 1,
  handle: organization,
};
