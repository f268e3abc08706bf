/**
 * Custom module (form question) input that Healthie names differently from the stored fields: the
 * position comes as `index`, and updates may give the choices as `options_array` instead of `options`.
 */
import { coerce, fail, int, type Work } from '../../registry/index.js';

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
