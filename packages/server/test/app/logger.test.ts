import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/app/logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger('info', stream) };
}

describe('logger', () => {
  it('redacts API keys and secrets wherever they appear in a log line', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        req: { headers: { authorization: 'Basic chk_supersecretkey', host: 'x' } },
        webhook: { url: 'https://example.com/hook', signature_secret: 'whsec_topsecret' },
        created: { api_key: 'chk_anotherkey' },
      },
      'request',
    );
    const text = lines.join('');
    for (const secret of ['chk_supersecretkey', 'whsec_topsecret', 'chk_anotherkey'])
      expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
    expect(text).toContain('https://example.com/hook');
  });
});
