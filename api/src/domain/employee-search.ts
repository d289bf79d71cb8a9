import { compareStrings } from './compare-strings.js';
import type { Employee } from './employee.js';

/**
 * How the directory is ordered and searched, computed once per write so both stores can
 * index it. Search is by word prefix, as Entra ID's own user search: "ann sm" finds Anna
 * Smith and anna.smith@contoso.com, not Joanne Osmond. Case and accents never matter.
 */

/** The most search terms a query keeps: more adds cost, never meaning. */
export const maxSearchTerms = 8;

/** Characters of the name a sort key keeps: enough to order by, small enough for a cursor. */
const sortNameLength = 80;

/** Lower case, accents removed, compatibility forms unified: "Ångström" → "angstrom". */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** The words of a text as search sees them: folded, split on anything not a letter or digit. */
export function searchWords(text: string): string[] {
  return foldText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

/**
 * The text an employee is found by: each distinct word of their fields, email and aliases,
 * after one space each. A term matches where `" " + term` occurs: at the start of a word.
 */
export function employeeSearchText(employee: Employee): string {
  // One text, folded and split once: per field it cost a sync several seconds at 100k.
  const values = [...Object.values(employee.fields), employee.email, ...employee.aliases];
  const words = new Set(searchWords(values.filter((v) => v !== null).join(' ')));
  return [...words].map((word) => ` ${word}`).join('');
}

/**
 * Where an employee sorts: by display name (or email when there is none), folded, then by
 * id so every key is unique. A page's cursor is its last key.
 */
export function employeeSortKey(employee: Employee): string {
  const name = employee.fields['displayName'] || employee.email;
  return `${foldText(name).trim().slice(0, sortNameLength)}\u0001${employee.id}`;
}

/** A query's terms: its distinct words, longest first (the most selective lead), bounded. */
export function searchTerms(query: string | undefined): string[] {
  if (query === undefined) return [];
  return [...new Set(searchWords(query))]
    .sort((x, y) => y.length - x.length || compareStrings(x, y))
    .slice(0, maxSearchTerms);
}

/** Whether a search text (from `employeeSearchText`) matches every term. */
export function matchesTerms(searchText: string, terms: readonly string[]): boolean {
  return terms.every((term) => searchText.includes(` ${term}`));
}
