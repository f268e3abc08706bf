/**
 * Custom module (form question) input that Healthie names differently from the stored fields: the
 * position comes as `index`, and updates may give the choices as `options_array` instead of `options`.
 * And the question's name in a HIPAA export, derived from its label.
 */
import { coerce, fail, int, type StoredRow, type Work } from '../../registry/index.js';

const position = int({ min: 0 });

export async function customModuleOptions(
  _work: Work,
  values: Record<string, unknown>,
  input: Record<string, unknown>,
): Promise<void> {
  if (input.index !== undefined) {
    const index = coerce(position, input.index);
    if (!index.ok) fail('index', `Index ${index.message}`);
    values.position_integer = index.value;
  }
  if (Array.isArray(input.options_array) && input.options === undefined) {
    values.options = input.options_array.length === 0 ? null : input.options_array.map(String).join('\n');
  }
}

/**
 * `CustomModule.hipaa_name`: the name the question goes by in the form's HIPAA (de-identified) export: its
 * label as plain text (markup removed, spaces collapsed), or, for a question without a label, its kind
 * (`signature` → `Signature`).
 */
export function hipaaName(question: StoredRow): string | null {
  const label =
    typeof question.label === 'string'
      ? question.label
          .replace(/<[^>]*>/g, ' ')
          .replace(/&nbsp;/g, ' ')
          .replace(/\s+/g, ' ')
          .trim()
      : '';
  if (label !== '') return label;
  const kind = typeof question.mod_type === 'string' ? question.mod_type.replace(/_/g, ' ').trim() : '';
  return kind === '' ? null : kind.charAt(0).toUpperCase() + kind.slice(1);
}
