import type { GraphRoute } from './graph-route.js';
import { directoryObjectRoutes } from './routes/directory-objects.js';
import { groupRoutes } from './routes/groups.js';
import { organizationRoute } from './routes/organization.js';
import { placesRoute } from './routes/places.js';
import { userDeltaRoute } from './routes/users-delta.js';
import { userRoutes } from './routes/users.js';

/** Every Graph endpoint the emulator serves, in match order (delta before `/users/{id}`). */
export const graphRoutes: readonly GraphRoute[] = [
  userDeltaRoute,
  ...userRoutes,
  organizationRoute,
  placesRoute,
  ...groupRoutes,
  ...directoryObjectRoutes,
];
