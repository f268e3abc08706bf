/**
 * `updateChargeBack`: a provider answers a dispute with evidence. With `final_submission` the evidence is
 * submitted and the dispute goes under review; until then it is only saved.
 */
import type { Work } from '../../registry/index.js';

export async function submitChargeBackEvidence(
  _work: Work,
  values: Record<string, unknown>,
  input: Record<string, unknown>,
): Promise<void> {
  if (input.final_submission === true) values.status = 'under_review';
}
