/**
 * C-CDA imports: parseCcdaDocument records the file; the parser's result (POST
 * /internal/integrations/ccda/parsed) creates the client it describes and leaves what it read to be
 * reconciled, each record with its event; a result for a file nobody sent, or sent twice, is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseApi, type CaseApi, type Data } from '../resources/support.js';
import { dialects } from '../support/dialects.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ev, eventsOf, expectBodies, expectRefused, post } from './support.js';

const parseCcdaDocument = `mutation($input: parseCcdaDocumentInput) {
  parseCcdaDocument(input: $input) { user { id } xml_file_name messages { field message } }
}`;
const file = (name: string) =>
  `data:application/xml;name=${name};base64,${Buffer.from('<ClinicalDocument/>').toString('base64')}`;

describe.each(dialects)('C-CDA imports on $name', (dialect) => {
  let server: TestServer;
  let api: CaseApi;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    api = caseApi(server);
  });
  afterAll(() => server.close());

  it('a result for a new client: patient.created, then each record read, kept unreconciled', async () => {
    await api.gql(parseCcdaDocument, { input: { file: file('new-client.xml') } });
    let patient = '';
    const bodies = await eventsOf(server, async () => {
      const answer = await post(server, '/integrations/ccda/parsed', {
        xml_file_name: 'new-client.xml',
        patient: { first_name: 'Cora', last_name: 'Cda', dob: '1980-02-03', email: 'Cora.Cda@example.com' },
        medications: [{ name: 'Metformin 500 mg', dosage: '500 mg', start_date: '2020-01-01' }],
        allergies: [{ name: 'Latex', severity: 'mild' }],
        problems: [{ name: 'Type 2 diabetes', code: 'E11.9' }],
      });
      expect(answer.status).toBe(200);
      expect(answer.body.resource_id_type).toBe('User');
      patient = answer.body.resource_id as string;
    });
    const read = await api.gql<Data>(
      `query($id: ID) { user(id: $id) { first_name last_name dob email
          problems(unreconciled_from_ccda_ingest: true) { name code requires_consolidation }
          allergy_sensitivities { id name requires_consolidation } }
        medications(patient_id: $id, unreconciled_from_ccda_ingest: true) { id name dosage start_date }
        charted: medications(patient_id: $id) { id } }`,
      { id: patient },
    );
    const medication = read.medications[0].id as string;
    const allergy = read.user.allergy_sensitivities[0].id as string;
    expectBodies(bodies, [
      ev('patient.created', patient),
      ev('medication.created', medication, { user_id: patient }),
      ev('allergy_sensitivity.created', allergy, { user_id: patient }),
    ]);
    expect(read).toEqual({
      user: {
        first_name: 'Cora',
        last_name: 'Cda',
        dob: '1980-02-03',
        email: 'cora.cda@example.com',
        problems: [{ name: 'Type 2 diabetes', code: 'E11.9', requires_consolidation: true }],
        allergy_sensitivities: [{ id: allergy, name: 'Latex', requires_consolidation: true }],
      },
      medications: [{ id: medication, name: 'Metformin 500 mg', dosage: '500 mg', start_date: '2020-01-01' }],
      charted: [],
    });

    // The file has been parsed: another result for it is refused, writing nothing.
    await expectRefused(
      server,
      () =>
        post(server, '/integrations/ccda/parsed', {
          xml_file_name: 'new-client.xml',
          patient: { id: patient },
        }),
      400,
      'xml_file_name',
    );
  });

  it('refuses a result for a file no one sent, and one for another organization', async () => {
    await expectRefused(
      server,
      () =>
        post(server, '/integrations/ccda/parsed', { xml_file_name: 'never-sent.xml', patient: { id: 1 } }),
      400,
      'xml_file_name',
    );
    await api.gql(parseCcdaDocument, { input: { file: file('ours.xml') } });
    const outsider = await server.createOrg('ccda-outsider');
    await expectRefused(
      server,
      () =>
        post(
          server,
          '/integrations/ccda/parsed',
          { xml_file_name: 'ours.xml', patient: { first_name: 'X', last_name: 'Y' } },
          outsider.apiKey,
        ),
      400,
      'xml_file_name',
    );
  });
});
