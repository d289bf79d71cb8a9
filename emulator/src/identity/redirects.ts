import type { Response } from 'express';
import { escapeHtml, hiddenInputs, page } from './html.js';

/** Sends parameters back to a client the way it asked: query, fragment or an auto-posted form. */
export function respondToClient(
  res: Response,
  redirectUri: string,
  params: Record<string, string>,
  mode: 'query' | 'fragment' | 'form_post' = 'query',
): void {
  if (mode === 'form_post') {
    res.type('html').send(
      page(
        'Working...',
        `<form method="post" action="${escapeHtml(redirectUri)}" id="response">${hiddenInputs(params)}
<noscript><button type="submit">Continue</button></noscript></form>
<script>document.getElementById('response').submit()</script>`,
      ),
    );
    return;
  }
  const url = new URL(redirectUri);
  const encoded = new URLSearchParams(params).toString();
  if (mode === 'fragment') {
    url.hash = encoded;
  } else {
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  }
  res.redirect(302, url.toString());
}
