import { compareStrings } from '../domain/compare-strings.js';

/** One employee as the search index holds it. */
export interface IndexedEmployee {
  readonly id: string;
  /** `employeeSortKey`: the index keeps employees in this order. */
  readonly sortKey: string;
  /** `employeeSearchText`: each word after a space. */
  readonly search: string;
}

/**
 * How many words a search's prefix may cover before it walks the names in order instead of
 * merging those words' postings. Measured on a generated 100k tenant: "gr" (83 words)
 * merges in 60 µs where a walk took 540; "k" (286 words) walks in 250 µs, about what a
 * merge takes; "s" (over a thousand words) walks in 30 µs where a merge took 400.
 */
const mergeBudget = 256;

/** How many employees a walk tests in name order before it turns to the postings. */
const walkBudget = 2_000;

/**
 * The most employees a search marks for a term it does not start from: past this, testing
 * the text of the employees it reads is cheaper (a letter or two lists tens of thousands,
 * and a page fills after reading a few hundred).
 */
const markBudget = 10_000;

/** An employee as the index holds it, with the mark searches leave on it (see `find`). */
interface Posted<E> {
  readonly entry: E;
  readonly sortKey: string;
  readonly search: string;
  mark: number;
}

/** A search term, with the postings of the words it starts. */
interface Term<E> {
  readonly needle: string;
  readonly lists: readonly (readonly Posted<E>[])[];
  readonly count: number;
}

/**
 * A tenant's directory in name order with an index of its words, in memory: what makes a
 * search of 100k employees take a fraction of a millisecond whether it matches one person
 * or thousands, where SQL spent microseconds on every row it looked at. The store builds it
 * from its rows on a tenant's first search and keeps it in step with its writes.
 *
 * A search (`employee-search.ts` terms) starts from the term with the fewest employees:
 * it merges the postings of the words that start with it, each list in name order, so a
 * page costs about what it lists; a term that starts too many words walks the names in
 * order instead. Either way every term must start a word of the employee's search text:
 * the other terms' employees are marked first, one pass over their postings.
 */
export class EmployeeSearchIndex<E extends IndexedEmployee = IndexedEmployee> {
  /** In sort key order (JS string order, which the binary searches rely on). */
  private readonly entries: Posted<E>[];
  private readonly byId = new Map<string, Posted<E>>();
  /** Distinct words, sorted, so a prefix's words are one range. */
  private readonly words: string[];
  /** Per word: the employees that have it, in sort key order. */
  private readonly postings = new Map<string, Posted<E>[]>();
  /** Grows with every search that marks, so no earlier search's mark passes a later one. */
  private stamp = 0;

  constructor(employees: readonly E[]) {
    this.entries = employees.map(posted).sort((x, y) => compareStrings(x.sortKey, y.sortKey));
    for (const entry of this.entries) {
      this.byId.set(entry.entry.id, entry);
      // In sort key order already: appending keeps each list in order.
      for (const word of new Set(wordsOf(entry))) {
        const list = this.postings.get(word);
        if (list === undefined) this.postings.set(word, [entry]);
        else list.push(entry);
      }
    }
    // Not push(...keys): past ~100k distinct words a spread overflows the call stack.
    this.words = Array.from(this.postings.keys()).sort(compareStrings);
  }

  get size(): number {
    return this.entries.length;
  }

  /** Brings the index in step with a write: removals first, as the stores apply them. */
  apply(upserts: readonly E[], removals: readonly string[]): void {
    for (const id of removals) this.remove(id);
    for (const employee of upserts) {
      this.remove(employee.id);
      const entry = posted(employee);
      this.entries.splice(firstAfter(this.entries, entry.sortKey), 0, entry);
      this.byId.set(employee.id, entry);
      for (const word of new Set(wordsOf(entry))) {
        const list = this.postings.get(word);
        if (list === undefined) {
          this.words.splice(firstWordAtLeast(this.words, word), 0, word);
          this.postings.set(word, [entry]);
        } else {
          list.splice(firstAfter(list, entry.sortKey), 0, entry);
        }
      }
    }
  }

  /** Up to `limit` employees after `after` (a sort key) in name order: a page unsearched. */
  after(after: string, limit: number): E[] {
    const start = firstAfter(this.entries, after);
    return this.entries.slice(start, start + limit).map((entry) => entry.entry);
  }

  /** Up to `limit` employees after `after` (a sort key) that match every term, in name order. */
  find(terms: readonly string[], after: string, limit: number): E[] {
    const counted = terms
      .map((term): Term<E> => {
        const lists = this.postedUnder(term);
        return { needle: ` ${term}`, lists, count: lists.reduce((sum, l) => sum + l.length, 0) };
      })
      .sort((x, y) => x.count - y.count);
    const [rarest, ...others] = counted;
    if (rarest === undefined || rarest.count === 0) return [];
    // The rarest first: most employees fail there. Its postings need no test of their own.
    const matchesOthers = this.matcher(others);
    if (rarest.lists.length <= mergeBudget) {
      return firstInOrder(rarest.lists, after, limit, matchesOthers).map((e) => e.entry);
    }
    const walked = this.walk(
      after,
      limit,
      (entry) => entry.search.includes(rarest.needle) && matchesOthers(entry),
    );
    const rest = walked.complete
      ? []
      : firstInOrder(rarest.lists, walked.until, limit - walked.found.length, matchesOthers);
    return [...walked.found, ...rest].map((entry) => entry.entry);
  }

  /**
   * Whether an employee has a word starting with each of `terms`: for terms with few
   * employees, a mark left by one pass over their postings ("william cooper" reads every
   * Cooper, and a mark is far cheaper to test than a text); for the rest, the text.
   */
  private matcher(terms: readonly Term<E>[]): (entry: Posted<E>) => boolean {
    const marked = terms.filter((term) => term.count <= markBudget);
    const tested = terms.filter((term) => term.count > markBudget).map((t) => t.needle);
    const base = this.stamp;
    this.stamp += marked.length;
    marked.forEach((term, stage) => {
      // Stage by stage: an employee passes a stage only if it passed the one before.
      for (const list of term.lists) {
        for (const entry of list) {
          if (stage === 0 || entry.mark === base + stage) entry.mark = base + stage + 1;
        }
      }
    });
    const passed = base + marked.length;
    const hasWords = (entry: Posted<E>) => tested.every((needle) => entry.search.includes(needle));
    if (marked.length === 0) return tested.length === 0 ? () => true : hasWords;
    return tested.length === 0
      ? (entry) => entry.mark === passed
      : (entry) => entry.mark === passed && hasWords(entry);
  }

  /** The postings of every word that starts with `prefix`. */
  private postedUnder(prefix: string): Posted<E>[][] {
    const from = firstWordAtLeast(this.words, prefix);
    const to = firstWordAtLeast(this.words, `${prefix}\uffff`);
    const lists: Posted<E>[][] = [];
    for (let w = from; w < to; w++) {
      const list = this.postings.get(this.words[w] ?? '');
      if (list !== undefined) lists.push(list);
    }
    return lists;
  }

  /**
   * Up to `walkBudget` employees after `after` in name order: the matches, whether they
   * settle the page (full, or the end of the list), and the last key tested.
   */
  private walk(
    after: string,
    limit: number,
    matches: (entry: Posted<E>) => boolean,
  ): { found: Posted<E>[]; complete: boolean; until: string } {
    const found: Posted<E>[] = [];
    const start = firstAfter(this.entries, after);
    const end = Math.min(start + walkBudget, this.entries.length);
    let until = after;
    for (let i = start; i < end; i++) {
      const entry = this.entries[i];
      if (entry === undefined) continue;
      until = entry.sortKey;
      if (matches(entry)) found.push(entry);
      if (found.length === limit) return { found, complete: true, until };
    }
    return { found, complete: end === this.entries.length, until };
  }

  private remove(id: string): void {
    const entry = this.byId.get(id);
    if (entry === undefined) return;
    this.byId.delete(id);
    this.entries.splice(firstAtLeast(this.entries, entry.sortKey), 1);
    for (const word of new Set(wordsOf(entry))) {
      const list = this.postings.get(word);
      if (list === undefined) continue;
      const at = firstAtLeast(list, entry.sortKey);
      if (list[at] === entry) list.splice(at, 1);
      if (list.length === 0) {
        this.postings.delete(word);
        this.words.splice(firstWordAtLeast(this.words, word), 1);
      }
    }
  }
}

function posted<E extends IndexedEmployee>(entry: E): Posted<E> {
  return { entry, sortKey: entry.sortKey, search: entry.search, mark: 0 };
}

/**
 * The first `limit` matching employees after `after` in sort key order, from lists in that
 * order that may share employees: each list is read from `after` only while it can still
 * improve on the page kept so far.
 */
function firstInOrder<P extends Sorted>(
  lists: readonly (readonly P[])[],
  after: string,
  limit: number,
  matches: (entry: P) => boolean,
): P[] {
  const best: P[] = [];
  for (const list of lists) {
    for (let i = firstAfter(list, after); i < list.length; i++) {
      const entry = list[i];
      if (entry === undefined) break;
      const last = best[best.length - 1];
      if (best.length === limit && last !== undefined && entry.sortKey >= last.sortKey) break;
      if (!matches(entry)) continue;
      const at = firstAtLeast(best, entry.sortKey);
      // Listed under two words with the prefix: already kept.
      if (best[at] === entry) continue;
      best.splice(at, 0, entry);
      if (best.length > limit) best.pop();
    }
  }
  return best;
}

/** What the binary searches need: a sort key. */
interface Sorted {
  readonly sortKey: string;
}

function wordsOf(entry: { readonly search: string }): string[] {
  return entry.search.split(' ').filter((word) => word !== '');
}

// Binary searches, one per element type: called for every list a search reads, they were
// measurably slower as one generic search taking a predicate.

/** The first index whose employee sorts after `key`. */
function firstAfter(sorted: readonly Sorted[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid]?.sortKey ?? '') > key) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The first index whose employee sorts at or after `key`. */
function firstAtLeast(sorted: readonly Sorted[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid]?.sortKey ?? '') >= key) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The first index whose word is `word` or sorts after it. */
function firstWordAtLeast(sorted: readonly string[], word: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? '') >= word) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
