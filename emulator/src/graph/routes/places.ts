import type { GraphCall, GraphRoute } from '../graph-route.js';
import { graphJson, type GraphResponse } from '../graph-response.js';

/** Room mailboxes are listed as places, with the address Exchange gives them. */
function rooms(call: GraphCall): GraphResponse {
  const directory = call.tenant.directory;
  const value: Record<string, unknown>[] = [];
  for (const [userId, settings] of directory.mailboxSettings) {
    if (settings.userPurpose !== 'room') continue;
    const record = directory.user(userId);
    if (record === undefined) continue;
    const user = record.user;
    value.push({
      id: user.id,
      emailAddress: user['mail'] ?? null,
      displayName: user['displayName'] ?? null,
      address: null,
      geoCoordinates: null,
      phone: null,
      nickname: user['displayName'] ?? null,
      label: null,
      capacity: null,
      building: user['officeLocation'] ?? null,
      floorLabel: null,
      floorNumber: null,
      isWheelChairAccessible: false,
      bookingType: 'standard',
      tags: [],
      audioDeviceName: null,
      videoDeviceName: null,
      displayDeviceName: null,
    });
  }
  return graphJson({
    '@odata.context': `${call.env.origin}/v1.0/$metadata#places/microsoft.graph.room`,
    value,
  });
}

export const placesRoute: GraphRoute = {
  method: 'GET',
  pattern: /^\/places\/microsoft\.graph\.room$/,
  name: 'GET /places/microsoft.graph.room',
  permissions: ['Place.Read.All'],
  cost: () => 1,
  handle: rooms,
};
