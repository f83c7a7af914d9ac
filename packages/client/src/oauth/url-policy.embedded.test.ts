import { describe, expect, it } from 'vitest';
import { assertAllowedUrl, embeddedIpv4, isInternalAddress } from './url-policy.js';

const strict = { allowPrivateNetwork: false };

describe('also observed (issue 11): IPv6 forms that carry an IPv4 address are judged as that address', () => {
  it.each([
    ['https://[::127.0.0.1]/x', 'IPv4-compatible loopback'],
    ['https://[::7f00:1]/x', 'IPv4-compatible loopback, hex'],
    ['https://[::ffff:127.0.0.1]/x', 'IPv4-mapped loopback'],
    ['https://[::ffff:a9fe:a9fe]/x', 'IPv4-mapped metadata address'],
    ['https://[::ffff:0:10.0.0.1]/x', 'IPv4-translated private'],
    ['https://[2002:7f00:1::]/x', '6to4 of 127.0.0.1'],
    ['https://[2002:c0a8:101::1]/x', '6to4 of 192.168.1.1'],
    ['https://[64:ff9b::127.0.0.1]/x', 'NAT64 of loopback'],
    ['https://[64:ff9b::a00:1]/x', 'NAT64 of 10.0.0.1'],
    ['https://[64:ff9b:1::a9fe:a9fe]/x', 'local-use NAT64 of the metadata address'],
    ['https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/x', 'Teredo with client 127.0.0.1'],
    ['https://[::]/x', 'unspecified'],
  ])('refuses %s (%s)', async (url) => {
    await expect(assertAllowedUrl(url, strict, 'Test')).rejects.toMatchObject({
      code: 'METADATA_URL_FORBIDDEN',
    });
  });

  it('lets the same forms through when they carry a public address', () => {
    for (const address of [
      '64:ff9b::8.8.8.8',
      '64:ff9b::5db8:d822',
      '2002:5db8:d822::1',
      '::ffff:8.8.8.8',
    ]) {
      expect(isInternalAddress(address)).toBe(false);
    }
  });

  it('reads the carried address out of each form', () => {
    expect(embeddedIpv4('::127.0.0.1')).toEqual(['127.0.0.1']);
    expect(embeddedIpv4('::ffff:7f00:1')).toEqual(['127.0.0.1']);
    expect(embeddedIpv4('2002:7f00:1::')).toEqual(['127.0.0.1']);
    expect(embeddedIpv4('64:ff9b::c0a8:101')).toEqual(['192.168.1.1']);
    expect(embeddedIpv4('2606:4700:4700::1111')).toEqual([]);
    expect(embeddedIpv4('not-an-address')).toEqual([]);
  });

  it('still refuses documentation and reserved ranges', () => {
    for (const address of ['192.0.2.1', '198.51.100.7', '203.0.113.9', '2001:db8::1', 'fec0::1']) {
      expect(isInternalAddress(address)).toBe(true);
    }
  });
});
