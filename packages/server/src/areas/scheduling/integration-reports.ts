/** Keeps an accepted integration callback as reported, naming the record it concerns. */
import { insertRow, type AnyResource, type StoredRow, type Work } from '../../registry/index.js';
import { IntegrationReport } from './resources.js';

export async function keepReport(
  work: Work,
  report: { provider: string; report: string; resource: AnyResource; row: StoredRow; details?: object },
): Promise<void> {
  await insertRow(
    work,
    IntegrationReport,
    {
      provider: report.provider,
      report: report.report,
      resource_type: report.resource.resourceType,
      resource_id: report.row.id,
      details: report.details === undefined ? null : JSON.stringify(report.details),
    },
    report.row.organization_id,
  );
}
