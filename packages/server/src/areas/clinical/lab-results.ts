/** A lab result's patient and ordering physician default to those of its lab order. */
import { findRow, type Work } from '../../registry/index.js';
import { LabOrder } from './resources.js';

export async function labResultDefaults(work: Work, values: Record<string, unknown>): Promise<void> {
  if (typeof values.lab_order_id !== 'number') return;
  const order = await findRow(work, LabOrder, values.lab_order_id);
  if (!order) return;
  if (values.patient_id == null) values.patient_id = order.patient_id;
  if (!('ordering_physician_id' in values) && order.orderer_id != null) {
    values.ordering_physician_id = order.orderer_id;
  }
}
