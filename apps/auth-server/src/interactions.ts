import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { escapeHtml } from './issuers.js';

const MAX_FORM_BYTES = 16 * 1024;

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) break;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * The origin the flow ends at: the client's redirect URI, which oidc-provider
 * matched exactly against the registration before any interaction began.
 * Browsers apply `form-action` to the redirects that follow a form post too,
 * so without it a real browser stops at the last hop to the client.
 */
function redirectOrigin(params: Record<string, unknown>): string {
  try {
    return ` ${new URL(String(params['redirect_uri'])).origin}`;
  } catch {
    return '';
  }
}

function page(
  res: ServerResponse,
  status: number,
  title: string,
  body: string,
  formTarget = '',
): void {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto}label,input,button{display:block;margin:.4rem 0}</style>
</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; form-action 'self'${formTarget}`,
  });
  res.end(html);
}

function loginForm(action: string, clientId: string, error?: string): string {
  const problem = error === undefined ? '' : `<p role="alert">${escapeHtml(error)}</p>`;
  return `<p>Sign in to continue to <strong>${escapeHtml(clientId)}</strong>.</p>${problem}
<form method="post" action="${escapeHtml(action)}/login" data-step="login">
<label>User name <input name="username" autocomplete="username" required autofocus></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button></form>`;
}

function consentForm(action: string, clientId: string, scopes: readonly string[]): string {
  const items = scopes.map((s) => `<li><code>${escapeHtml(s)}</code></li>`).join('');
  return `<p><strong>${escapeHtml(clientId)}</strong> asks for:</p><ul>${items}</ul>
<form method="post" action="${escapeHtml(action)}/confirm" data-step="consent">
<button type="submit">Allow</button></form>
<form method="post" action="${escapeHtml(action)}/abort"><button type="submit">Deny</button></form>`;
}

/** Scopes a consent prompt asks for, OIDC and per resource, for display. */
function requestedScopes(details: Record<string, unknown>): string[] {
  const out: string[] = [];
  const oidc = details['missingOIDCScope'];
  if (Array.isArray(oidc)) out.push(...oidc.map(String));
  const perResource = details['missingResourceScopes'];
  if (perResource !== null && typeof perResource === 'object') {
    for (const [resource, scopes] of Object.entries(perResource as Record<string, unknown>)) {
      if (Array.isArray(scopes)) out.push(...scopes.map((s) => `${String(s)} (${resource})`));
    }
  }
  return out;
}

/**
 * Serves `/<issuer>/interaction/<uid>[/login|/confirm|/abort]`: plain HTML forms a
 * person can use and `loginHeadless` can post. Returns false when the path is not ours.
 */
export async function handleInteraction(
  provider: Provider,
  mount: string,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
  users: Readonly<Record<string, string>>,
): Promise<boolean> {
  const match = /^\/interaction\/([\w-]+)(?:\/(login|confirm|abort))?$/.exec(path);
  if (match === null) return false;
  const action = `${mount}/interaction/${match[1]}`;
  const step = match[2];
  const details = await provider.interactionDetails(req, res);
  const clientId = String(details.params['client_id'] ?? '');
  const formTarget = redirectOrigin(details.params);

  if (req.method === 'GET' && step === undefined) {
    if (details.prompt.name === 'login') {
      page(res, 200, 'Sign in', loginForm(action, clientId), formTarget);
    } else {
      const scopes = requestedScopes(details.prompt.details as Record<string, unknown>);
      page(res, 200, 'Allow access', consentForm(action, clientId, scopes), formTarget);
    }
    return true;
  }
  if (req.method !== 'POST') {
    page(res, 405, 'Method not allowed', '');
    return true;
  }
  if (step === 'login') {
    const form = await readForm(req);
    const username = form.get('username') ?? '';
    const password = form.get('password') ?? '';
    if (users[username] === undefined || users[username] !== password) {
      const again = loginForm(action, clientId, 'Unknown user or wrong password.');
      page(res, 401, 'Sign in', again, formTarget);
      return true;
    }
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: username } },
      {
        mergeWithLastSubmission: false,
      },
    );
    return true;
  }
  if (step === 'confirm') {
    const { prompt, params, session } = details;
    const grant =
      details.grantId !== undefined
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({
            accountId: session?.accountId ?? '',
            clientId: String(params['client_id']),
          });
    if (grant === undefined) {
      page(res, 400, 'Consent failed', '<p>The grant no longer exists.</p>');
      return true;
    }
    const missing = prompt.details as Record<string, unknown>;
    if (Array.isArray(missing['missingOIDCScope']))
      grant.addOIDCScope((missing['missingOIDCScope'] as string[]).join(' '));
    if (Array.isArray(missing['missingOIDCClaims']))
      grant.addOIDCClaims(missing['missingOIDCClaims'] as string[]);
    const perResource = missing['missingResourceScopes'];
    if (perResource !== null && typeof perResource === 'object') {
      for (const [indicator, scopes] of Object.entries(perResource as Record<string, string[]>)) {
        grant.addResourceScope(indicator, scopes.join(' '));
      }
    }
    const grantId = await grant.save();
    const consent = details.grantId === undefined ? { grantId } : {};
    await provider.interactionFinished(req, res, { consent }, { mergeWithLastSubmission: true });
    return true;
  }
  await provider.interactionFinished(
    req,
    res,
    { error: 'access_denied', error_description: 'The user denied access.' },
    { mergeWithLastSubmission: false },
  );
  return true;
}
