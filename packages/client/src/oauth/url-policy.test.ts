import { describe, expect, it } from 'vitest';
import { assertAllowedUrl, isInternalAddress } from './url-policy.js';

const strict = { allowPrivateNetwork: false };

describe('isInternalAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    'not-an-ip',
  ])('treats %s as internal', (address) => {
    expect(isInternalAddress(address)).toBe(true);
  });

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111'])('treats %s as public', (a) => {
    expect(isInternalAddress(a)).toBe(false);
  });
});

describe('assertAllowedUrl', () => {
  it.each([
    ['file:///etc/passwd', /only http/],
    ['javascript:alert(1)', /only http/],
    ['ftp://example.com/x', /only http/],
    ['http://93.184.216.34/x', /plain http/],
    ['https://127.0.0.1/x', /internal/],
    ['https://[::1]/x', /internal/],
    ['https://169.254.169.254/latest/meta-data', /internal/],
    ['https://localhost/x', /localhost/],
    ['https://user:pw@example.com/x', /credentials/],
    ['not a url', /absolute/],
  ])('refuses %s', async (url, why) => {
    await expect(assertAllowedUrl(url, strict, 'Test')).rejects.toMatchObject({
      code: 'METADATA_URL_FORBIDDEN',
    });
    await expect(assertAllowedUrl(url, strict, 'Test')).rejects.toThrow(why);
  });

  it('accepts a public https IP and, for local development only, loopback http', async () => {
    await expect(assertAllowedUrl('https://93.184.216.34/a', strict, 'T')).resolves.toBeInstanceOf(
      URL,
    );
    await expect(
      assertAllowedUrl('http://127.0.0.1:8080/a', { allowPrivateNetwork: true }, 'T'),
    ).resolves.toBeInstanceOf(URL);
    await expect(assertAllowedUrl('file:///x', { allowPrivateNetwork: true }, 'T')).rejects.toThrow(
      /only http/,
    );
  });

  it('names only the origin, never the path or query', async () => {
    const error = await assertAllowedUrl('https://10.0.0.1/p?token=canary-q-123', strict, 'T').then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toContain('https://10.0.0.1');
    expect(error?.message).not.toContain('canary-q-123');
  });
});
