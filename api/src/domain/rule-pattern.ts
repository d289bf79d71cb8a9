/**
 * Regular expressions in filter rules (`matches`). JavaScript's regex engine backtracks, so a
 * pattern an admin types could take exponential time on one unlucky attribute value and stall
 * a whole sync. Patterns are therefore checked when settings are saved, and values are capped
 * when matched.
 */

/** The longest pattern a rule may hold. */
export const maxPatternLength = 256;

/** Values longer than this are matched on their first this-many characters only. */
export const maxMatchedLength = 1024;

/** Flags every rule pattern is compiled with: comparisons in filters ignore case. */
const flags = 'i';

const boundedQuantifier = /^\{(\d+)(,(\d*))?\}/;

/**
 * The quantifier starting at `i`, if any: its length, and whether it can repeat its atom
 * more than once (`*`, `+`, `{2}`, `{1,}`, …; not `?`, `{0,1}`, `{1}`).
 */
function quantifierAt(pattern: string, i: number): { length: number; repeats: boolean } | null {
  const c = pattern[i];
  if (c === '*' || c === '+') return { length: 1, repeats: true };
  if (c === '?') return { length: 1, repeats: false };
  if (c !== '{') return null;
  const bounds = boundedQuantifier.exec(pattern.slice(i));
  if (bounds === null) return null;
  const [all, min = '0', comma, max = ''] = bounds;
  const upper = comma === undefined ? Number(min) : max === '' ? Infinity : Number(max);
  return { length: all.length, repeats: upper > 1 };
}

/** Length of a group's opening: `(`, `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!` or `(?<name>`. */
function groupOpening(pattern: string, i: number): number {
  if (pattern[i + 1] !== '?') return 1;
  if (pattern[i + 2] !== '<' || pattern[i + 3] === '=' || pattern[i + 3] === '!') {
    return pattern[i + 2] === '<' ? 4 : 3;
  }
  const end = pattern.indexOf('>', i);
  return end === -1 ? 1 : end - i + 1;
}

/**
 * The classic shapes of catastrophic backtracking, found by a simple scan: a group that holds
 * a quantifier or an alternation and is itself repeated (`(a+)+`, `(\w*)*`, `(a|ab)*`,
 * `(x+y){2,}`), and back-references (`\1`, `\k<name>`). It is deliberately cautious: it also
 * refuses some harmless patterns such as `(ab|cd)+`, which admins can write without the
 * group. Returns a sentence naming the problem, or null.
 */
function backtrackingProblem(pattern: string): string | null {
  // One entry per open group: whether it holds a quantifier or `|` (at any depth).
  const open: boolean[] = [false];
  let closedRisky: boolean | null = null;
  let inClass = false;
  for (let i = 0; i < pattern.length;) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (!inClass && (/[1-9]/.test(next) || next === 'k')) {
        return 'back-references are not allowed';
      }
      closedRisky = null;
      i += 2;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      i += 1;
      continue;
    }
    const quantifier = quantifierAt(pattern, i);
    if (quantifier !== null) {
      if (closedRisky === true && quantifier.repeats) {
        return 'it repeats a group that itself repeats or alternates, e.g. (a+)+ or (a|b)*';
      }
      open[open.length - 1] = true;
      closedRisky = null;
      i += quantifier.length;
      if (pattern[i] === '?') i += 1; // lazy
      continue;
    }
    closedRisky = null;
    if (c === '[') {
      inClass = true;
      // `]` right after `[` or `[^` is a literal in most engines, but an empty class in
      // JavaScript; either way nothing needs skipping here.
    } else if (c === '(') {
      open.push(false);
      i += groupOpening(pattern, i);
      continue;
    } else if (c === ')') {
      const risky = open.pop() ?? false;
      if (open.length === 0) open.push(false); // unbalanced: the compiler reports it
      if (risky) open[open.length - 1] = true;
      closedRisky = risky;
    } else if (c === '|') {
      open[open.length - 1] = true;
    }
    i += 1;
  }
  return null;
}

/** Why a rule pattern is refused (too long, invalid, or prone to backtracking), or null. */
export function patternProblem(pattern: string): string | null {
  if (pattern.length === 0) return 'the pattern is empty';
  if (pattern.length > maxPatternLength) {
    return `the pattern is longer than ${maxPatternLength} characters`;
  }
  try {
    new RegExp(pattern, flags);
  } catch (error) {
    return `the pattern is not a valid regular expression (${(error as Error).message})`;
  }
  const problem = backtrackingProblem(pattern);
  return problem === null ? null : `the pattern could take too long to match: ${problem}`;
}

/** A compiled rule pattern: case-insensitive, testing at most `maxMatchedLength` characters. */
export function compileRulePattern(pattern: string): (value: string) => boolean {
  const problem = patternProblem(pattern);
  if (problem !== null) throw new Error(`Refused pattern /${pattern}/: ${problem}`);
  const regex = new RegExp(pattern, flags);
  return (value) => regex.test(value.slice(0, maxMatchedLength));
}
