import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoopbackRedirect, startLoopbackRedirect } from './loopback.js';

let loopback: LoopbackRedirect;
const arrive = async (state: string) => {
  const response = await fetch(`${loopback.redirectUri}?code=c-${state.length}&state=${state}`);
  await response.text();
  return response.status;
};

beforeAll(async () => {
  loopback = await startLoopbackRedirect();
});

afterAll(async () => {
  await loopback.close();
});

describe('loopback redirect listener', () => {
  it('hands a callback to whoever waits for its state', async () => {
    const waiting = loopback.waitForCallback('awaited', { timeoutMs: 2000 });
    expect(await arrive('awaited')).toBe(200);
    expect(new URL(await waiting).searchParams.get('state')).toBe('awaited');
  });

  it('keeps a callback that arrives before anyone waits for it', async () => {
    await arrive('early-bird');
    expect(await loopback.waitForCallback('early-bird', { timeoutMs: 200 })).toContain(
      'state=early-bird',
    );
    // Taken once: a second wait for the same state finds nothing.
    await expect(loopback.waitForCallback('early-bird', { timeoutMs: 50 })).rejects.toMatchObject({
      code: 'OAUTH_FLOW_FAILED',
    });
  });

  it('keeps only the latest few unclaimed callbacks, so a flood cannot grow it', async () => {
    await arrive('first-unclaimed');
    for (let i = 0; i < 40; i++) await arrive(`junk-${i}`);
    await expect(
      loopback.waitForCallback('first-unclaimed', { timeoutMs: 50 }),
    ).rejects.toMatchObject({ code: 'OAUTH_FLOW_FAILED' });
    expect(await loopback.waitForCallback('junk-39', { timeoutMs: 50 })).toContain('state=junk-39');
  });

  it('does not keep a state longer than any authorization request makes', async () => {
    const huge = 'x'.repeat(4000);
    expect(await arrive(huge)).toBe(200);
    await expect(loopback.waitForCallback(huge, { timeoutMs: 50 })).rejects.toMatchObject({
      code: 'OAUTH_FLOW_FAILED',
    });
  });
});
