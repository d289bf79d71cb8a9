/**
 * Orders strings by code unit, as `<` does: the order both stores sort their lists in, and
 * SQLite's BINARY order for every character in the Basic Multilingual Plane. Not
 * `localeCompare`, whose order depends on the machine's locale.
 */
export function compareStrings(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}
