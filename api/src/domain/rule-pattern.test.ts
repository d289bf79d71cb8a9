import { describe, expect, it } from 'vitest';
import { compileRulePattern, maxMatchedLength, patternProblem } from './rule-pattern.js';

const slow =
  'the pattern could take too long to match: it repeats a group that itself repeats or alternates, e.g. (a+)+ or (a|b)*';

describe('patternProblem', () => {
  it.each([
    '^svc[-_]',
    'contractor',
    '^(svc|adm)-',
    '(ab)+',
    '(?:ab)*c',
    '^\\d{3}-\\d{4}$',
    '(a+)?', // an optional group is matched at most once
    '(a+){1}',
    '(a+){0,1}',
    '[(a+)]+', // a character class, not a group
    '\\(a+\\)+', // escaped parentheses, not a group
    '(?<dept>sales|support)$',
    '(?=x)(?<!y)z+',
    'a{2,}b',
    'literal {brace}+',
  ])('accepts %s', (pattern) => {
    expect(patternProblem(pattern)).toBeNull();
  });

  it.each([
    ['(a+)+', slow],
    ['(a*)*b', slow],
    ['^(\\w+\\s?)*$', slow],
    ['(a|aa)+', slow],
    ['(x+y){2,}', slow],
    ['(x+y){2}', slow],
    ['((ab)+)+', slow],
    ['(?:a+)+', slow],
    ['(?<n>a+)*', slow],
    ['(a+)+?', slow],
    ['((a)|b)*', slow],
    ['(a)\\1', 'the pattern could take too long to match: back-references are not allowed'],
    ['(?<n>a)\\k<n>', 'the pattern could take too long to match: back-references are not allowed'],
    ['', 'the pattern is empty'],
    ['a'.repeat(257), 'the pattern is longer than 256 characters'],
    ['(unclosed', expect.stringMatching(/^the pattern is not a valid regular expression \(/)],
    ['*a', expect.stringMatching(/^the pattern is not a valid regular expression \(/)],
  ])('refuses %s', (pattern, problem) => {
    expect(patternProblem(pattern)).toEqual(problem);
  });
});

describe('compileRulePattern', () => {
  it('matches case-insensitively', () => {
    const test = compileRulePattern('^svc-');
    expect(test('SVC-backup')).toBe(true);
    expect(test('ada-svc-')).toBe(false);
  });

  it('looks only at the first characters of a long value', () => {
    const test = compileRulePattern('z$');
    expect(test(`${'a'.repeat(maxMatchedLength - 1)}z`)).toBe(true);
    expect(test(`${'a'.repeat(maxMatchedLength)}z`)).toBe(false);
  });

  it('refuses a pattern that settings would refuse', () => {
    expect(() => compileRulePattern('(a+)+')).toThrow(`Refused pattern /(a+)+/: ${slow}`);
  });
});
