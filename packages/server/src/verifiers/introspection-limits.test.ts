import { AUTH_ERROR_REASONS } from '@toolscope/core';
import { describe, expect, it } from 'vitest';
import { countingServer, reasonOf } from '../../test/counting-server.js';
import { createIntrospectionVerifier } from './introspection.js';

const AUDIENCE = 'https://api.hardening.example';

describe('also observed: introspection answers are capped and must be access tokens', () => {
  it('refuses a 40 MB answer after reading at most the cap, and cancels the stream', async () => {
    let sent = 0;
    let closed = false;
    const endpoint = await countingServer((_req, res) => {
      res.on('close', () => {
        closed = true;
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = `{"pad":"${'x'.repeat(64 * 1024)}",`;
      const pump = () => {
        while (sent < 40 * 1024 * 1024 && !closed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    try {
      const verify = createIntrospectionVerifier({ endpoint: endpoint.url, audience: AUDIENCE });
      expect(await reasonOf(verify('tok'))).toBe(AUTH_ERROR_REASONS.introspectionTooLarge);
      await new Promise((r) => setTimeout(r, 200));
      expect(closed).toBe(true);
      expect(sent).toBeLessThan(8 * 1024 * 1024);
    } finally {
      endpoint.close();
    }
  });

  it('refuses a declared Content-Length over the cap without reading', async () => {
    const endpoint = await countingServer((_req, res) => {
      res.writeHead(200, { 'content-length': String(10 * 1024 * 1024) });
      res.write('{');
    });
    try {
      const verify = createIntrospectionVerifier({ endpoint: endpoint.url, audience: AUDIENCE });
      expect(await reasonOf(verify('tok'))).toBe(AUTH_ERROR_REASONS.introspectionTooLarge);
    } finally {
      endpoint.close();
    }
  });

  it.each([
    ['refresh_token', false],
    ['urn:ietf:params:oauth:token-type:refresh_token', false],
    ['id_token', false],
    [42, false],
    ['Bearer', true],
    ['access_token', true],
    [undefined, true],
  ])('token_type %s accepted: %s', async (tokenType, accepted) => {
    const exp = Math.floor(Date.now() / 1000) + 600;
    const endpoint = await countingServer((_req, res) => {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ active: true, exp, aud: AUDIENCE, token_type: tokenType }));
    });
    try {
      const verify = createIntrospectionVerifier({ endpoint: endpoint.url, audience: AUDIENCE });
      expect(await reasonOf(verify('tok'))).toBe(
        accepted ? 'accepted' : AUTH_ERROR_REASONS.typeNotAccepted,
      );
    } finally {
      endpoint.close();
    }
  });
});
