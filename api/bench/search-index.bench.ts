/**
 * The embedded store's in-memory search, alone: the Employees view's query mix (name
 * prefixes, full names, surnames, email starts, one or two letters) against a generated
 * tenant, first pages and follow-on pages:
 *
 *   npx tsx bench/search-index.bench.ts --users 100000
 *
 * Prints a table, then one JSON line: {"employees","buildMs","queries","meanUs","p50Us","p99Us","maxUs"}
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { generateTenant } from '@roster/emulator';
import type { Employee } from '../src/domain/employee.js';
import {
  employeeSearchText,
  employeeSortKey,
  searchTerms,
  searchWords,
} from '../src/domain/employee-search.js';
import { EmployeeSearchIndex, type IndexedEmployee } from '../src/store/employee-search-index.js';

const { values } = parseArgs({ options: { users: { type: 'string' } }, strict: false });
const options = z
  .object({ users: z.coerce.number().int().min(1000).max(1_000_000).default(100_000) })
  .parse(values);

const tenant = generateTenant({ users: options.users, seed: 1 });
const employees: Employee[] = tenant.users.map((user) => ({
  id: user.id,
  email: typeof user['mail'] === 'string' ? user['mail'] : user.userPrincipalName,
  emailSource: 'mail',
  aliases: [],
  fields: {
    displayName: typeof user['displayName'] === 'string' ? user['displayName'] : null,
    jobTitle: typeof user['jobTitle'] === 'string' ? user['jobTitle'] : null,
    department: typeof user['department'] === 'string' ? user['department'] : null,
  },
  hash: '',
}));
const indexed: IndexedEmployee[] = employees.map((e) => ({
  id: e.id,
  sortKey: employeeSortKey(e),
  search: employeeSearchText(e),
}));

const buildStart = performance.now();
const index = new EmployeeSearchIndex(indexed);
const buildMs = Math.round(performance.now() - buildStart);

/** What admins type, drawn from every 97th employee. */
const typed = employees
  .filter((_, i) => i % 97 === 0)
  .slice(0, 400)
  .map((e, i) => {
    const [first = '', last = ''] = searchWords(e.fields['displayName'] ?? '');
    const local = e.email.split('@')[0] ?? '';
    const forms = [
      first.slice(0, 3),
      first,
      last,
      `${first} ${last.slice(0, 2)}`,
      `${first} ${last}`,
      local.slice(0, 5),
      first.slice(0, i % 16 < 8 ? 1 : 2),
    ];
    return forms[i % forms.length] ?? '';
  });

const timings: number[] = [];
for (let round = 0; round < 5; round++) {
  for (const text of typed) {
    const terms = searchTerms(text);
    if (terms.length === 0) continue;
    let start = performance.now();
    const first = index.find(terms, '', 51);
    timings.push((performance.now() - start) * 1000);
    // The next page, as scrolling asks for it.
    const after = first[49]?.sortKey;
    if (after === undefined) continue;
    start = performance.now();
    index.find(terms, after, 51);
    timings.push((performance.now() - start) * 1000);
  }
}
timings.sort((x, y) => x - y);
const at = (q: number) => Math.round(timings[Math.floor(q * (timings.length - 1))] ?? 0);
const meanUs = Math.round(timings.reduce((sum, t) => sum + t, 0) / timings.length);
console.log(`Search index, ${index.size.toLocaleString('en')} employees, built in ${buildMs} ms`);
console.log(`  ${timings.length} searches (first pages and next pages of 51)`);
console.log(`  mean ${meanUs} µs, p50 ${at(0.5)} µs, p99 ${at(0.99)} µs, max ${at(1)} µs`);
console.log(
  JSON.stringify({
    employees: index.size,
    buildMs,
    queries: timings.length,
    meanUs,
    p50Us: at(0.5),
    p99Us: at(0.99),
    maxUs: at(1),
  }),
);
