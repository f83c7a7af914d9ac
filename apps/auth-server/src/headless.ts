import { createHash, randomBytes } from 'node:crypto';
import { ToolscopeError } from '@toolscope/core';

/** What `loginHeadless` needs. */
export interface HeadlessLogin {
  /** The full authorization request URL (with `redirect_uri`, `code_challenge`, `state`, …). */
  readonly authorizationUrl: string;
  readonly username: string;
  readonly password: string;
  /** Consent is given unless this is `deny`. */
  readonly consent?: 'allow' | 'deny';
}

const MAX_STEPS = 20;

/** A PKCE S256 pair. */
export function createPkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

class CookieJar {
  readonly #cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';', 1)[0] ?? '';
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      // An expired cookie is how oidc-provider clears one.
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

function failed(message: string): ToolscopeError {
  return new ToolscopeError('OAUTH_FLOW_FAILED', message, {
    hint: 'Check the user name, password, client and redirect URI the authorization server knows.',
  });
}

/**
 * Drives the login and consent pages over HTTP like a browser would (cookies
 * included) and returns the redirect to the client's `redirect_uri` with
 * `code`, `state` and `iss`, without following it.
 */
export async function loginHeadless(login: HeadlessLogin): Promise<string> {
  const start = new URL(login.authorizationUrl);
  const redirectUri = start.searchParams.get('redirect_uri');
  const jar = new CookieJar();
  let url = start.href;
  let init: RequestInit = { method: 'GET' };
  for (let step = 0; step < MAX_STEPS; step++) {
    const headers = new Headers(init.headers);
    const cookie = jar.header();
    if (cookie !== '') headers.set('cookie', cookie);
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    jar.take(response);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location !== null) {
      await response.body?.cancel();
      const next = new URL(location, url);
      const isCallback =
        redirectUri !== null ? next.href.startsWith(redirectUri) : next.origin !== start.origin;
      if (isCallback) return next.href;
      url = next.href;
      init = { method: 'GET' };
      continue;
    }
    const html = await response.text();
    const form = /<form method="post" action="([^"]+)" data-step="(login|consent)"/.exec(html);
    if (form === null) {
      throw failed(`The authorization server answered HTTP ${response.status} without a form.`);
    }
    const action = new URL(form[1]!.replaceAll('&amp;', '&'), url);
    if (form[2] === 'login') {
      if (response.status === 401) throw failed('The authorization server refused the login.');
      const body = new URLSearchParams({ username: login.username, password: login.password });
      init = {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      };
      url = action.href;
    } else {
      if (login.consent === 'deny')
        action.pathname = action.pathname.replace(/\/confirm$/, '/abort');
      init = {
        method: 'POST',
        body: '',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      };
      url = action.href;
    }
  }
  throw failed('Too many redirects during the headless login.');
}
