import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'toolscope-demo-test-'));
const tokenLog = join(folder, 'tokens.txt');

afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Runs the built demo as `pnpm demo` does after its build step. */
function runDemo(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, TOOLSCOPE_DEMO_TOKEN_LOG: tokenLog },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), 140_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('pnpm demo, end to end as a child process', () => {
  let run: Awaited<ReturnType<typeof runDemo>>;

  it('exits 0', async () => {
    run = await runDemo();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('tells every step of the scenario', () => {
    const out = run.stdout;
    expect(out).toMatch(/\d+ tools \(\d+ oauth2, 1 none, 4 apiKey\)/);
    // Onboarding with different scopes, through the real login form.
    expect(out).toMatch(
      /alice +signed in and consented; vault holds zoom scopes \[meeting:read:list_meetings meeting:read:list_past_participants\]/,
    );
    expect(out).toMatch(
      /bob +signed in and consented; vault holds zoom scopes \[meeting:read:list_meetings meeting:read:meeting\]/,
    );
    // Concurrent calls, each user seeing their own data.
    expect(out).toMatch(/alice +← zoom_listMeetings: 2 meetings: .*Quarterly planning/);
    expect(out).toMatch(/bob +← zoom_listMeetings: 1 meetings: .*Support sync/);
    // -32001 for a user without a token, surfaced without a retry.
    expect(out).toMatch(/bob +← crm_searchLeads: JSON-RPC error -32001, data\.error=missing_token/);
    expect(out).toContain(
      'the caller gets AuthorizationRequiredError (code -32001, missing_token)',
    );
    // -32003 for a missing scope, then step-up with the union, retry, success.
    expect(out).toMatch(
      /alice +← crm_qualifyLead: JSON-RPC error -32003, data\.error=insufficient_scope/,
    );
    expect(out).toContain(
      'steps up: alice at crm with held ∪ required = [crm.leads.read crm.contacts.read crm.leads.write crm.opportunities.write]',
    );
    expect(out).toMatch(/alice +← crm_qualifyLead: lead l-1 \(qualified\)/);
    // An upstream 403 insufficient_scope (opaque tokens: only Zoom's API knows): step-up, retry.
    expect(out).toMatch(
      /bob +← zoom_createMeeting: JSON-RPC error -32003, data\.error=insufficient_scope \(Upstream service requires a scope the token lacks\)/,
    );
    expect(out).toContain(
      'steps up: bob at zoom with held ∪ required = [meeting:read:list_meetings meeting:read:meeting meeting:write:meeting]',
    );
    expect(out).toMatch(/bob +← zoom_createMeeting: meeting \d+ "Retro"/);
    // apiKey per department through declarative tools (no handler), and a none tool without any token.
    expect(out).toContain('the orders tools are declarative (no handler written)');
    expect(out).toMatch(/alice +← orders_listOrders: 2 orders: sales-/);
    expect(out).toMatch(/bob +← orders_listOrders: 2 orders: support-/);
    expect(out).toMatch(/alice +→ zoom_getServiceStatus \(no token\)/);
    expect(out).toMatch(/zoom_getServiceStatus: status=operational/);
    // Header mode: 401 with metadata, 403 with the scope, step-up, retry.
    expect(out).toMatch(/server HTTP 401, WWW-Authenticate: Bearer resource_metadata=/);
    expect(out).toMatch(
      /server HTTP 403, WWW-Authenticate: Bearer error="insufficient_scope", scope="notes:write"/,
    );
    expect(out).toMatch(/alice +← workspace_createNote: note n-/);
    // stdio with the same handlers.
    expect(out).toMatch(/19 tools over stdio/);
    expect(out).toContain('[11] Done');
  });

  it('shows the audit log the MCP server kept through toolscope middleware', () => {
    const out = run.stdout;
    const count = Number(/audit log of the MCP server .*: (\d+) calls/.exec(out)?.[1] ?? 0);
    expect(count).toBeGreaterThanOrEqual(5);
    // Verified users by subject, API-key callers by key id, refusals with who refused and why.
    expect(out).toMatch(/^ {2}crm_\S+ +alice +ok$/m);
    expect(out).toMatch(/^ {2}crm_\S+ +anonymous +refused \(authorize: missing_token\)$/m);
    expect(out).toMatch(/^ {2}orders_\S+ +key:[A-Za-z0-9_-]{16} +ok$/m);
  });

  it('prints no token: every access token, refresh token and API key it handled is absent', () => {
    const secrets = readFileSync(tokenLog, 'utf8').split('\n').filter(Boolean);
    // alice zoom/crm/crm step-up/self/self step-up, bob zoom and its step-up: access + refresh each, plus two keys.
    expect(secrets.length).toBeGreaterThanOrEqual(12);
    for (const secret of secrets) {
      // Both include the audit log the demo prints.
      for (const form of [
        secret,
        Buffer.from(secret).toString('base64'),
        Buffer.from(secret).toString('base64url'),
        encodeURIComponent(secret),
      ]) {
        expect(run.stdout.includes(form)).toBe(false);
        expect(run.stderr.includes(form)).toBe(false);
      }
      // No recognisable fragment either (a JWT's signature part, a key's random part).
      const tail = secret.slice(-24);
      expect(run.stdout.includes(tail)).toBe(false);
    }
  });
});
