/** createClient's one conditional rule: an email is required unless `skipped_email` is true. */
import { fail, type Work } from '../../registry/index.js';

export async function requireEmailUnlessSkipped(_work: Work, values: Record<string, unknown>): Promise<void> {
  if (values.email == null && values.skipped_email !== 1) {
    fail('email', 'Email is required unless skipped_email is true');
  }
}
