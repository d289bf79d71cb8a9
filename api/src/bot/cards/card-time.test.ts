import { describe, expect, it } from 'vitest';
import { cardInstant, durationText, localDateTime } from './card-time.js';

describe('cardInstant', () => {
  it.each([
    ['2025-03-01T10:00:00.000Z', '2025-03-01T10:00:00Z'],
    ['2025-03-01T10:00:00.999Z', '2025-03-01T10:00:00Z'],
    ['2025-03-01T11:30:00+01:00', '2025-03-01T10:30:00Z'],
    ['not a time', null],
  ])('%s → %s', (input, expected) => {
    expect(cardInstant(input)).toBe(expected);
  });
});

describe('localDateTime', () => {
  it('leaves the date and time to the reader’s Teams', () => {
    expect(localDateTime('2025-03-01T10:00:00.000Z')).toBe(
      '{{DATE(2025-03-01T10:00:00Z, SHORT)}} at {{TIME(2025-03-01T10:00:00Z)}}',
    );
    expect(localDateTime('soon')).toBe('an unknown time');
  });
});

describe('durationText', () => {
  const start = '2025-03-01T10:00:00.000Z';
  const after = (ms: number) => new Date(Date.parse(start) + ms).toISOString();
  it.each([
    [0, 'under a second'],
    [999, 'under a second'],
    [1_000, '1 s'],
    [59_400, '59 s'],
    [59_600, '1 min'],
    [125_400, '2 min 5 s'],
    [3_600_000, '1 h'],
    [4_200_000, '1 h 10 min'],
  ])('%i ms → %s', (ms, text) => {
    expect(durationText(start, after(ms))).toBe(text);
  });

  it('is unknown for a run still going, or times out of order', () => {
    expect(durationText(start, null)).toBeNull();
    expect(durationText(start, '2025-03-01T09:00:00.000Z')).toBeNull();
    expect(durationText('x', start)).toBeNull();
  });
});
