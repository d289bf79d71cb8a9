/** One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break. */
export function csvCell(value: string | null): string {
  if (value === null) return '';
  // A leading =, +, - or @ would run as a formula in a spreadsheet; prefix it so it stays text.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV line. */
export function csvLine(values: readonly (string | null)[]): string {
  return values.map(csvCell).join(',');
}
