/**
 * The e-prescribing partner (DoseSpot): its notifications are stored as `DosespotNotification`s, and its
 * reports on a prescription update the stored prescription (`prescription.updated` with what changed).
 */
import type { StoredRow, Work } from '../../registry/index.js';
import { createInternal, requireInScope, requireRefs, updateInternal } from '../internal-source.js';

export interface DosespotNotice {
  user_id?: number | null | undefined;
  notification_type: string;
  message?: string | null | undefined;
  count?: number | null | undefined;
  received_at?: string | null | undefined;
}

export async function receiveDosespotNotification(work: Work, notice: DosespotNotice): Promise<StoredRow> {
  const organizationId = await requireRefs(work, { user_id: ['User', notice.user_id] });
  return createInternal(
    work,
    work.registry.get('DosespotNotification'),
    {
      user_id: notice.user_id ?? null,
      notification_type: notice.notification_type,
      message: notice.message ?? null,
      count: notice.count ?? null,
      received_at: notice.received_at ?? new Date(work.uow.now).toISOString(),
    },
    organizationId,
  );
}

/** The prescription fields the partner reports on. */
export type PrescriptionReport = Partial<
  Record<
    'status' | 'refills' | 'quantity' | 'last_fill_date' | 'date_inactive' | 'pharmacy_notes' | 'comment',
    string | null
  >
>;

export async function reportPrescription(
  work: Work,
  prescriptionId: number,
  report: PrescriptionReport,
): Promise<StoredRow> {
  const prescription = await requireInScope(work, 'Prescription', prescriptionId, 'prescription_id');
  return (await updateInternal(work, work.registry.get('Prescription'), prescription, report)).row;
}
