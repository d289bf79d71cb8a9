import { describe, expect, it } from 'vitest';
import { odataString } from './odata-literal.js';

describe('odataString', () => {
  it.each([
    ['Sales', "'Sales'"],
    ['', "''"],
    ["O'Brien", "'O''Brien'"],
    ["'", "''''"],
    ["x') or startswith(displayName,'", "'x'') or startswith(displayName,'''"],
    ['a&b#c%20', "'a&b#c%20'"],
  ])('%s → %s', (text, literal) => {
    expect(odataString(text)).toBe(literal);
  });

  it('gives a literal whose quotes pair up only at its ends', () => {
    const literal = odataString("''a'b'''");
    const inner = literal.slice(1, -1);
    // Every quote inside comes in a doubled pair: none closes the literal.
    expect(inner.replaceAll("''", '')).not.toContain("'");
  });
});
