/**
 * An OData string literal for a `$filter`: the text in single quotes with each quote doubled,
 * so no text, however crafted, can end the literal early and add clauses of its own.
 */
export function odataString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
