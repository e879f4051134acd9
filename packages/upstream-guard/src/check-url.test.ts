import { describe, expect, it } from 'vitest';
import { checkUpstreamUrl } from './check-url.js';

const strict = { allowPrivate: false };
const trusted = { allowPrivate: true };

describe('checkUpstreamUrl', () => {
  it.each([
    'http://93.184.216.34',
    'https://api.example.com/v1/',
    'http://8.8.8.8:8080/base',
    'https://[2606:4700:4700::1111]/',
    'http://example.com.',
    'http://172.32.0.1', // just outside 172.16/12
    'http://100.128.0.1', // just outside 100.64/10
    'http://11.0.0.1',
  ])('ok: %s is allowed for every tenant', (url) => {
    expect(checkUpstreamUrl(url, strict)).toMatchObject({ ok: true });
  });

  it.each([
    ['http://127.0.0.1:4010', 'loopback'],
    ['http://127.1.2.3', 'loopback'],
    ['http://localhost:4010', 'loopback'],
    ['http://LOCALHOST.', 'loopback'],
    ['http://api.localhost', 'loopback'],
    ['http://[::1]:8080', 'loopback'],
    ['http://10.0.0.5', 'private'],
    ['http://172.16.0.1', 'private'],
    ['http://172.31.255.255', 'private'],
    ['http://192.168.1.1', 'private'],
    ['http://[fc00::1]', 'private'],
    ['http://[fd12:3456::1]', 'private'],
    ['http://169.254.1.1', 'link_local'],
    ['http://[fe80::1]', 'link_local'],
    ['http://[febf::1]', 'link_local'],
    ['http://100.64.0.1', 'cgnat'],
    ['http://100.127.255.254', 'cgnat'],
  ])(
    'private.forbidden: %s is refused (%s) unless the tenant is allowed private upstreams',
    (url, reason) => {
      expect(checkUpstreamUrl(url, strict)).toEqual({ ok: false, reason });
      expect(checkUpstreamUrl(url, trusted)).toMatchObject({ ok: true });
    },
  );

  it.each([
    ['http://169.254.169.254/latest/meta-data/', 'metadata'],
    ['http://169.254.170.2/v2/credentials', 'metadata'],
    ['http://[fd00:ec2::254]/', 'metadata'],
    ['http://metadata.google.internal/computeMetadata/v1/', 'metadata'],
    ['http://METADATA.GOOGLE.INTERNAL./', 'metadata'],
    ['http://100.100.100.200/', 'metadata'],
    ['http://0.0.0.0:4010', 'unspecified'],
    ['http://0.1.2.3', 'unspecified'],
    ['http://[::]/', 'unspecified'],
    ['http://[::ffff:127.0.0.1]/', 'ipv4_mapped'],
    ['http://[::ffff:7f00:1]/', 'ipv4_mapped'],
    ['http://[::ffff:169.254.169.254]/', 'ipv4_mapped'],
    ['http://[::ffff:8.8.8.8]/', 'ipv4_mapped'],
    ['http://[::127.0.0.1]/', 'ipv4_mapped'],
    ['http://[64:ff9b::a9fe:a9fe]/', 'ipv4_mapped'],
    ['http://224.0.0.1', 'reserved'],
    ['http://255.255.255.255', 'reserved'],
    ['http://[ff02::1]', 'reserved'],
    // Decimal, octal, hex and short IPv4 spellings (WHATWG URL would turn them into 127.0.0.1 & co).
    ['http://2130706433/', 'ip_spelling'],
    ['http://0x7f000001/', 'ip_spelling'],
    ['http://0x7f.0.0.1/', 'ip_spelling'],
    ['http://0177.0.0.1/', 'ip_spelling'],
    ['http://017700000001/', 'ip_spelling'],
    ['http://127.1/', 'ip_spelling'],
    ['http://127.0.1/', 'ip_spelling'],
    ['http://0/', 'ip_spelling'],
    ['http://3232235777/', 'ip_spelling'],
    ['http://0x08.0x08.0x08.0x08/', 'ip_spelling'],
    ['http://010.0.0.1/', 'ip_spelling'],
    ['http://0251.0376.0251.0376/', 'ip_spelling'],
    ['http://%31%32%37.0.0.1/', 'ip_spelling'],
    ['http://１２７.０.０.１/', 'ip_spelling'],
    // Schemes and credentials.
    ['file:///etc/passwd', 'scheme'],
    ['gopher://127.0.0.1:6379/_FLUSHALL', 'scheme'],
    ['ftp://example.com/', 'scheme'],
    ['javascript:alert(1)', 'scheme'],
    ['ws://example.com/', 'scheme'],
    ['http://user:pass@example.com/', 'userinfo'],
    ['http://user@example.com/', 'userinfo'],
    ['http://@example.com/', 'userinfo'],
    ['http://example.com@169.254.169.254/', 'userinfo'],
    ['not a url', 'invalid_url'],
    ['http:example.com', 'invalid_url'],
  ])('always.forbidden: %s is refused (%s) even for a trusted tenant', (url, reason) => {
    expect(checkUpstreamUrl(url, strict)).toEqual({ ok: false, reason });
    expect(checkUpstreamUrl(url, trusted)).toEqual({ ok: false, reason });
  });

  it('ok: gives the host without brackets and the IP for literals', () => {
    expect(checkUpstreamUrl('http://[2606:4700::1]:81/x', strict)).toMatchObject({
      ok: true,
      host: '2606:4700::1',
      ip: '2606:4700::1',
    });
    expect(checkUpstreamUrl('https://api.example.com/', strict)).toMatchObject({
      ok: true,
      host: 'api.example.com',
      ip: null,
    });
  });
});
