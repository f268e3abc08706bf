/**
 * The e-prescribing partner (DoseSpot): its notifications are stored as `DosespotNotification`s, a
 * prescription it reports for the first time is stored as a `Prescription` (the catalog has no
 * `prescription.created`, so silently), and its later reports update that prescription
 * (`prescription.updated` with what changed). The pharmacy it reports sending a prescription to is kept
 * with it (`Prescription.pharmacy`).
 */
import {
  createInternal,
  fail,
  given,
  insertRow,
  requireInScope,
  requireRefs,
  updateInternal,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { User } from '../patients/index.js';
import { DosespotNotification, Prescription } from './resources.js';

export interface DosespotNotice {
  user_id?: number | null | undefined;
  notification_type: string;
  message?: string | null | undefined;
  count?: number | null | undefined;
  received_at?: string | null | undefined;
}

export async function receiveDosespotNotification(work: Work, notice: DosespotNotice): Promise<StoredRow> {
  const organizationId = await requireRefs(work, { user_id: [User, notice.user_id] });
  return createInternal(
    work,
    DosespotNotification,
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

/** The pharmacy the partner sent a prescription to: its id and address, as Healthie's `Pharmacy` has them. */
export type PrescribedPharmacy = { id: string } & Partial<
  Record<
    'name' | 'line1' | 'line2' | 'city' | 'state' | 'zip' | 'phone_number' | 'latitude' | 'longitude',
    string | null
  >
>;

/** The prescription fields the partner reports on. */
export type PrescriptionReport = Partial<
  Record<
    'status' | 'refills' | 'quantity' | 'last_fill_date' | 'date_inactive' | 'pharmacy_notes' | 'comment',
    string | null
  >
> & { pharmacy?: PrescribedPharmacy | null | undefined };

/** The report's values as stored: the pharmacy as JSON text (null clears it, absent keeps it). */
function storedReport<T extends PrescriptionReport>(
  report: T,
): Omit<T, 'pharmacy'> & { pharmacy?: string | null } {
  const { pharmacy, ...rest } = report;
  if (pharmacy === undefined) return rest;
  return { ...rest, pharmacy: pharmacy === null ? null : JSON.stringify(pharmacy) };
}

export async function reportPrescription(
  work: Work,
  prescriptionId: number,
  report: PrescriptionReport,
): Promise<StoredRow> {
  const prescription = await requireInScope(work, Prescription, prescriptionId, 'prescription_id');
  return (await updateInternal(work, Prescription, prescription, storedReport(report))).row;
}

/** A prescription as the partner first reports it, for one patient. */
export interface NewPrescription extends PrescriptionReport {
  patient_id: number;
  product_name: string;
  dosage?: string | null | undefined;
  dose_form?: string | null | undefined;
  directions?: string | null | undefined;
  route?: string | null | undefined;
  unit?: string | null | undefined;
  days_supply?: number | null | undefined;
  date_written?: string | null | undefined;
  effective_date?: string | null | undefined;
  ndc?: string | null | undefined;
  rxcui?: string | null | undefined;
  schedule?: string | null | undefined;
  prescriber_name?: string | null | undefined;
  is_urgent?: boolean | null | undefined;
  no_substitutions?: boolean | null | undefined;
}

/** Stores a new prescription in its patient's organization; it emits nothing (no such catalog event). */
export async function recordNewPrescription(work: Work, prescription: NewPrescription): Promise<StoredRow> {
  const patient = await requireInScope(work, User, prescription.patient_id, 'patient_id');
  if (patient.user_type !== 'patient') fail('patient_id', `User ${patient.id} is not a patient`);
  const { is_urgent: urgent, no_substitutions: noSubstitutions, ...fields } = storedReport(prescription);
  return insertRow(
    work,
    Prescription,
    given({ ...fields, is_urgent: storedFlag(urgent), no_substitutions: storedFlag(noSubstitutions) }),
    patient.organization_id,
  );
}

/** Booleans are stored as 0/1; an absent flag stays absent. */
function storedFlag(value: boolean | null | undefined): 0 | 1 | null | undefined {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}
