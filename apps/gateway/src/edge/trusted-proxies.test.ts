import { describe, expect, it } from 'vitest';
import { clientAddress, TrustedProxies } from './trusted-proxies.js';

describe('TrustedProxies', () => {
  const trusted = TrustedProxies.parse('10.0.0.0/8, 192.168.1.5 ,fd00::/8')!;

  it('is null when nothing is configured', () => {
    expect(TrustedProxies.parse('')).toBeNull();
    expect(TrustedProxies.parse(' , ')).toBeNull();
  });

  it.each([
    ['10.1.2.3', true],
    ['::ffff:10.1.2.3', true],
    ['192.168.1.5', true],
    ['192.168.1.6', false],
    ['fd00::1', true],
    ['fe80::1', false],
    ['not-an-ip', false],
    ['', false],
  ])('knows whether %s is a trusted proxy (%s)', (address, expected) => {
    expect(trusted.has(address)).toBe(expected);
  });
});

describe('clientAddress', () => {
  const trusted = TrustedProxies.parse('10.0.0.0/8');

  it('ignores X-Forwarded-For from an untrusted peer', () => {
    expect(clientAddress('203.0.113.9', '1.2.3.4', trusted)).toEqual({
      clientIp: '203.0.113.9',
      forwardedFor: '203.0.113.9',
    });
  });

  it('ignores X-Forwarded-For when no proxy is trusted', () => {
    expect(clientAddress('10.0.0.1', '1.2.3.4', null).clientIp).toBe('10.0.0.1');
  });

  it('takes the right-most untrusted address behind trusted proxies, dropping what the client wrote', () => {
    expect(clientAddress('10.0.0.1', '6.6.6.6, 1.2.3.4, 10.0.0.2', trusted)).toEqual({
      clientIp: '1.2.3.4',
      forwardedFor: '1.2.3.4, 10.0.0.2, 10.0.0.1',
    });
  });

  it('takes the left-most address when every hop is a trusted proxy', () => {
    expect(clientAddress('10.0.0.1', '10.0.0.3,10.0.0.2', trusted).clientIp).toBe('10.0.0.3');
  });

  it('stops at a malformed hop: the last address vouched for is the client', () => {
    expect(clientAddress('10.0.0.1', '1.2.3.4, garbage, 10.0.0.2', trusted)).toEqual({
      clientIp: '10.0.0.2',
      forwardedFor: '10.0.0.2, 10.0.0.1',
    });
    expect(clientAddress('10.0.0.1', 'garbage', trusted).clientIp).toBe('10.0.0.1');
  });
});
