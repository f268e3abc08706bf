/** pino with every place a secret can appear redacted, so keys and signing secrets never reach a log. */
import { pino, type Logger } from 'pino';

export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.api_key',
  '*.apiKey',
  '*.signature_secret',
  '*.previous_secret',
  '*.secret',
  '*.password',
  '*.secretKey',
  '*.secretKeyFallbacks',
  'signature_secret',
  'api_key',
  'secret',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, redact: { paths: redactedPaths, censor: '[redacted]' } },
    destination ?? process.stdout,
  );
}
