/** Keeps an accepted integration callback as reported, naming the record it concerns. */
import { insertRow, type StoredRow, type Work } from '../../registry/index.js';

export async function keepReport(
  work: Work,
  report: { provider: string; report: string; resourceName: string; row: StoredRow; details?: object },
): Promise<void> {
  await insertRow(
    work,
    work.registry.get('IntegrationReport'),
    {
      provider: report.provider,
      report: report.report,
      resource_type: work.registry.get(report.resourceName).resourceType,
      resource_id: report.row.id,
      details: report.details === undefined ? null : JSON.stringify(report.details),
    },
    report.row.organization_id,
  );
}
