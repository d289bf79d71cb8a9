/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** A minimal, self-contained page in the look of Microsoft's sign-in pages. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: "Segoe UI", system-ui, sans-serif; background: #f2f2f2; margin: 0; color: #1b1b1b; }
  main { background: #fff; max-width: 440px; margin: 48px auto; padding: 44px; box-shadow: 0 2px 6px rgba(0,0,0,.2); }
  h1 { font-size: 24px; font-weight: 600; margin: 0 0 16px; }
  p, li, label { font-size: 15px; line-height: 1.45; }
  .note { color: #505050; font-size: 13px; }
  .accounts { list-style: none; padding: 0; }
  .accounts li { margin: 6px 0; }
  button { font: inherit; padding: 6px 18px; margin: 12px 8px 0 0; border: 1px solid #8a8886; background: #fff; cursor: pointer; }
  button.primary { background: #0067b8; color: #fff; border-color: #0067b8; }
  .error { color: #a80000; word-break: break-word; }
</style>
</head>
<body><main>${body}</main></body>
</html>`;
}

/** Hidden inputs that carry a request's parameters through a form post. */
export function hiddenInputs(params: Record<string, string>): string {
  return Object.entries(params)
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
    )
    .join('\n');
}

/** Entra's error page: shown instead of redirecting when the redirect URI cannot be trusted. */
export function errorPage(code: number, message: string, requestId: string, date: Date): string {
  return page(
    'Sign in',
    `<h1>Sign in</h1>
<p>Sorry, but we’re having trouble signing you in.</p>
<p class="error" role="alert">AADSTS${code}: ${escapeHtml(message)}</p>
<p class="note">Request Id: ${escapeHtml(requestId)}<br>Timestamp: ${date.toISOString().replace(/\.\d{3}Z$/, 'Z')}</p>`,
  );
}
