import { readFileSync } from 'node:fs';

/** One structural property of a Graph entity or complex type, as in Microsoft's CSDL. */
export interface SchemaProperty {
  type: string;
  nullable: boolean;
}

interface SchemaType {
  kind: string;
  base: string | null;
  properties: Record<string, SchemaProperty>;
  navigation: string[];
}

// A copy of Microsoft's published v1.0 metadata, reduced to the types Roster touches.
const csdl = JSON.parse(
  readFileSync(new URL('./graph-v1.0-csdl-subset.json', import.meta.url), 'utf8'),
) as Record<string, SchemaType>;

function typeNamed(name: string): SchemaType {
  const type = csdl[name];
  if (type === undefined || !('kind' in type)) throw new Error(`schema has no type ${name}`);
  return type;
}

/** Every property of an entity type, including inherited ones (user ← directoryObject ← entity). */
function allProperties(name: string): Map<string, SchemaProperty> {
  const chain: SchemaType[] = [];
  for (let type: SchemaType | undefined = typeNamed(name); type !== undefined;) {
    chain.unshift(type);
    type = type.base === null ? undefined : typeNamed(type.base.replace(/^graph\./, ''));
  }
  return new Map(chain.flatMap((type) => Object.entries(type.properties)));
}

const userProperties = allProperties('user');
const userNavigation = new Set(typeNamed('user').navigation);

/** The schema's description of a user property, or undefined when Graph has no such property. */
export function userProperty(name: string): SchemaProperty | undefined {
  return userProperties.get(name);
}

/** Whether a name is a navigation property of user (manager, memberOf, ...). */
export function isUserNavigation(name: string): boolean {
  return userNavigation.has(name);
}

/** Whether a property's JSON value is an array. */
export function isCollection(property: SchemaProperty): boolean {
  return property.type.startsWith('Collection(');
}

/** The names of all structural user properties. */
export function userPropertyNames(): string[] {
  return [...userProperties.keys()];
}

/** The properties of a complex or entity type by its unqualified name (e.g. `verifiedDomain`). */
export function typeProperties(name: string): Map<string, SchemaProperty> {
  return allProperties(name);
}

/** What Graph returns for `/users` when no `$select` is given. */
export const defaultUserSelect = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
] as const;
