/**
 * Times on cards. Teams shows `{{DATE()}}` and `{{TIME()}}` in the reader's own time zone and
 * language, which the bot does not know; the functions take RFC 3339 to the second only, and
 * show their raw text for anything else, so instants are rewritten to that form first.
 */

/** An instant as the card functions accept it (`2025-03-01T10:00:00Z`); null if unreadable. */
export function cardInstant(timestamp: string): string | null {
  const ms = Date.parse(timestamp);
  if (Number.isNaN(ms)) return null;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `{{DATE(…, SHORT)}} at {{TIME(…)}}`: the reader's local date and time of an instant. */
export function localDateTime(timestamp: string): string {
  const instant = cardInstant(timestamp);
  if (instant === null) return 'an unknown time';
  return `{{DATE(${instant}, SHORT)}} at {{TIME(${instant})}}`;
}

/** How long a run took, as an admin reads it: `2 min 5 s`, `1 h 10 min`; null if unknown. */
export function durationText(startedAt: string, endedAt: string | null): string | null {
  if (endedAt === null) return null;
  const ms = Date.parse(endedAt) - Date.parse(startedAt);
  if (Number.isNaN(ms) || ms < 0) return null;
  if (ms < 1000) return 'under a second';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60)
    return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${seconds % 60} s`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}
