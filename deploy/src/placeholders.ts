/** A `${{NAME}}` placeholder, as the toolkit writes them in manifests and lifecycle files. */
const placeholderPattern = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** The names of the placeholders in a text, each once, in order of first use. */
export function placeholderNames(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(placeholderPattern), (match) => match[1] ?? ''))];
}

/** Whether a text still holds a placeholder. */
export function hasPlaceholder(text: string): boolean {
  return placeholderNames(text).length > 0;
}

/**
 * Replaces every placeholder in the strings of a JSON value (keys stay as they are), so a value
 * with quotes or backslashes cannot break the document. Throws if a name has no value.
 */
export function resolveJsonPlaceholders(
  value: unknown,
  values: Readonly<Record<string, string>>,
): unknown {
  if (typeof value === 'string') {
    return value.replace(placeholderPattern, (_match, name: string) => {
      const resolved = values[name];
      if (resolved === undefined) throw new Error(`No value for the placeholder ${name}.`);
      return resolved;
    });
  }
  if (Array.isArray(value)) return value.map((item) => resolveJsonPlaceholders(item, values));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, resolveJsonPlaceholders(item, values)]),
    );
  }
  return value;
}
