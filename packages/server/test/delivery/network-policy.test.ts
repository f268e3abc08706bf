import type { LookupAddress } from 'node:dns';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpSender, type HttpSender } from '../../src/delivery/http-sender.js';
import {
  BLOCKED_DESTINATION_CODE,
  checkWebhookUrl,
  classifyAddress,
  type AddressClass,
  type AddressLookup,
} from '../../src/core/network-policy.js';
import { startReceiver, type Receiver } from '../support/receiver.js';

// Tests never connect anywhere but loopback: public addresses only ever appear in injected DNS answers that
// are checked, or refused before connecting.
const PUBLIC_IPV4 = '93.184.216.34';

/** A lookup answering from a script: the n-th call gets the n-th answer (the last one repeats). */
function scriptedLookup(...answers: string[][]): AddressLookup & { calls: string[] } {
  const calls: string[] = [];
  const lookup = async (hostname: string): Promise<LookupAddress[]> => {
    const answer = answers[Math.min(calls.length, answers.length - 1)] ?? [];
    calls.push(hostname);
    return answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(lookup, { calls });
}

describe('classifyAddress', () => {
  const table: Array<[string, AddressClass]> = [
    ['93.184.216.34', 'public'],
    ['8.8.8.8', 'public'],
    ['172.32.0.1', 'public'],
    ['100.128.0.1', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['169.254.1.1', 'link-local'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['2606:2800:220:1:248:1893:25c8:1946', 'public'],
    ['2001:4860:4860::8888', 'public'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fd00:ec2::254', 'metadata'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:93.184.216.34', 'public'],
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['64:ff9b::5db8:d822', 'public'],
    ['2002:7f00:1::', 'loopback'],
    ['::127.0.0.1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['4000::1', 'reserved'],
  ];

  it.each(table)('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  it('refuses to classify something that is not an IP address', () => {
    expect(() => classifyAddress('example.com')).toThrow(/not an IPv4 or IPv6 address/);
  });
});

describe('checkWebhookUrl', () => {
  const refusedUnlessAllowed: Array<[string, RegExp]> = [
    ['http://127.0.0.1/', /127\.0\.0\.1 is a loopback address/],
    ['http://localhost/', /localhost resolves to .*, a loopback address/],
    ['http://[::1]/', /::1 is a loopback address/],
    ['http://169.254.169.254/latest/meta-data/', /cloud metadata/],
    ['http://10.0.0.1/', /private network address/],
    ['http://2130706433/', /127\.0\.0\.1 is a loopback address/],
    ['http://[::ffff:7f00:1]/', /loopback/],
  ];

  it.each(refusedUnlessAllowed)('refuses %s, naming the address class', async (url, reason) => {
    const result = await checkWebhookUrl(url, { allowPrivateNetworks: false });
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(reason) });
  });

  it.each(refusedUnlessAllowed)('allows %s with allowPrivateNetworks', async (url) => {
    const result = await checkWebhookUrl(url, { allowPrivateNetworks: true });
    expect(result).toEqual({ ok: true, url: new URL(url) });
  });

  it.each([
    ['ftp://x', /must use http or https, not "ftp"/],
    ['not a url', /"not a url" is not a valid URL/],
    ['file:///etc/passwd', /not "file"/],
  ])('always refuses %s', async (url, reason) => {
    for (const allowPrivateNetworks of [false, true]) {
      const result = await checkWebhookUrl(url, { allowPrivateNetworks });
      expect(result).toEqual({ ok: false, reason: expect.stringMatching(reason) });
    }
  });

  it('allows a host whose every address is public', async () => {
    const lookup = scriptedLookup([PUBLIC_IPV4, '2606:2800:220:1:248:1893:25c8:1946']);
    const result = await checkWebhookUrl('https://hooks.example.test/healthie', {
      allowPrivateNetworks: false,
      lookup,
    });
    expect(result).toMatchObject({ ok: true });
    expect(lookup.calls).toEqual(['hooks.example.test']);
  });

  it('refuses a host when any one of its addresses is not public', async () => {
    const lookup = scriptedLookup([PUBLIC_IPV4, '10.1.2.3']);
    const result = await checkWebhookUrl('https://hooks.example.test/', {
      allowPrivateNetworks: false,
      lookup,
    });
    expect(result).toEqual({
      ok: false,
      reason:
        'Webhook URL refused: hooks.example.test resolves to 10.1.2.3, a private network address, ' +
        'and private network destinations are not allowed.',
    });
  });

  it('refuses a host that does not resolve, saying so', async () => {
    const lookup: AddressLookup = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.test'), { code: 'ENOTFOUND' });
    };
    const result = await checkWebhookUrl('https://nowhere.test/', { allowPrivateNetworks: false, lookup });
    expect(result).toEqual({
      ok: false,
      reason: expect.stringMatching(/Could not resolve nowhere\.test: .*ENOTFOUND/),
    });
  });
});

describe('guarded connections', () => {
  let receiver: Receiver | undefined;
  let sender: HttpSender | undefined;
  afterEach(async () => {
    await sender?.close();
    await receiver?.close();
    sender = receiver = undefined;
  });

  const body = Buffer.from('{}');
  const headers = { 'Content-Type': 'application/json' };

  it('refuses at connect time a hostname that resolves to loopback', async () => {
    receiver = await startReceiver();
    const lookup = scriptedLookup(['127.0.0.1']);
    sender = createHttpSender({
      allowPrivateNetworks: false,
      lookup,
      userAgent: 'test',
      totalTimeoutMs: 2000,
    });

    const result = await sender.send({
      url: new URL(`http://example.test:${receiver.port}/hook`),
      headers,
      body,
    });

    expect(result.ok).toBe(false);
    expect(result.status).toBeNull();
    expect(result.error).toEqual({
      code: BLOCKED_DESTINATION_CODE,
      message: expect.stringMatching(/example\.test.*127\.0\.0\.1.*loopback/),
    });
    expect(receiver.connections).toBe(0);
    expect(receiver.requests).toHaveLength(0);
  });

  it('refuses an IP literal at connect time too', async () => {
    receiver = await startReceiver();
    sender = createHttpSender({ allowPrivateNetworks: false, userAgent: 'test', totalTimeoutMs: 2000 });
    const result = await sender.send({ url: new URL(`${receiver.url}/hook`), headers, body });
    expect(result.error?.code).toBe(BLOCKED_DESTINATION_CODE);
    expect(receiver.connections).toBe(0);
  });

  it('refuses without connecting when any resolved address is not public', async () => {
    receiver = await startReceiver();
    const lookup = scriptedLookup([PUBLIC_IPV4, '127.0.0.1']);
    sender = createHttpSender({
      allowPrivateNetworks: false,
      lookup,
      userAgent: 'test',
      totalTimeoutMs: 2000,
    });
    const result = await sender.send({
      url: new URL(`http://example.test:${receiver.port}/`),
      headers,
      body,
    });
    expect(result.error?.code).toBe(BLOCKED_DESTINATION_CODE);
    expect(receiver.connections).toBe(0);
  });

  it('never reaches loopback when DNS rebinds between registration check and delivery', async () => {
    receiver = await startReceiver();
    const lookup = scriptedLookup([PUBLIC_IPV4], ['127.0.0.1']);
    const url = `http://rebind.example.test:${receiver.port}/hook`;

    // Registration sees the public answer...
    expect(await checkWebhookUrl(url, { allowPrivateNetworks: false, lookup })).toMatchObject({ ok: true });
    // ...delivery gets the loopback one, and refuses it.
    sender = createHttpSender({
      allowPrivateNetworks: false,
      lookup,
      userAgent: 'test',
      totalTimeoutMs: 2000,
    });
    const result = await sender.send({ url: new URL(url), headers, body });

    expect(result.error?.code).toBe(BLOCKED_DESTINATION_CODE);
    expect(lookup.calls).toHaveLength(2); // one for the check, exactly one for the connection
    expect(receiver.connections).toBe(0);
    expect(receiver.requests).toHaveLength(0);
  });

  it('connects to the address it resolved and checked, keeping the Host header', async () => {
    receiver = await startReceiver();
    // The second answer would be refused by the receiver (it listens on 127.0.0.1 only): a connector that
    // resolved again, or let net.connect resolve the name itself, would not get a 200.
    const lookup = scriptedLookup(['127.0.0.1'], ['127.0.0.2']);
    sender = createHttpSender({
      allowPrivateNetworks: true,
      lookup,
      userAgent: 'test',
      totalTimeoutMs: 2000,
    });

    const result = await sender.send({
      url: new URL(`http://example.test:${receiver.port}/hook`),
      headers,
      body,
    });

    expect(result.error).toBeNull();
    expect(result.status).toBe(200);
    expect(lookup.calls).toEqual(['example.test']);
    expect(receiver.requests[0]?.headers.host).toBe(`example.test:${receiver.port}`);
  });

  it('falls back to the next resolved address when one refuses the connection', async () => {
    receiver = await startReceiver();
    const lookup = scriptedLookup(['127.0.0.2', '127.0.0.1']);
    sender = createHttpSender({
      allowPrivateNetworks: true,
      lookup,
      userAgent: 'test',
      totalTimeoutMs: 2000,
    });
    const result = await sender.send({
      url: new URL(`http://example.test:${receiver.port}/`),
      headers,
      body,
    });
    expect(result.status).toBe(200);
    expect(receiver.connections).toBe(1);
  });
});
