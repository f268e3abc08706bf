/**
 * A policy's insurance card images (`insurance_card_front` / `insurance_card_back`, Healthie's Upload). As
 * with every upload carehooks takes, the file reaches it as a data URL (`data:image/png;base64,…`;
 * multipart uploads are not served) and its contents are not kept. As at Healthie, each image becomes a
 * document of the client (`document.created`), and the policy names it (`insurance_card_front_id` /
 * `insurance_card_back_id`).
 */
import { createRecord, fail, within, type StoredRow, type Work } from '../../registry/index.js';
import { Document } from '../documents/index.js';

const DATA_URL = /^data:([\w.+-]+\/[\w.+-]+)(?:;[^,]*)?,/;

const SIDES = {
  insurance_card_front: { column: 'insurance_card_front_id', name: 'Insurance card (front)' },
  insurance_card_back: { column: 'insurance_card_back_id', name: 'Insurance card (back)' },
} as const;

type Side = keyof typeof SIDES;

const CARD_IMAGE_INPUTS = Object.keys(SIDES) as Side[];

/**
 * Makes a document of the client for each card image given (before the policy is written), and answers the
 * policy's document ids to store; a value that is not a data URL is refused, naming the input.
 */
export async function cardImageDocuments(
  work: Work,
  client: StoredRow,
  images: Partial<Record<Side, unknown>>,
): Promise<Record<string, number>> {
  const ids: Record<string, number> = {};
  for (const side of CARD_IMAGE_INPUTS) {
    const file = images[side];
    if (file === undefined || file === null || file === '') continue;
    const match = typeof file === 'string' ? DATA_URL.exec(file) : null;
    if (!match) fail(side, `${SIDES[side].name} must be a data URL (data:<type>;base64,...)`);
    const contentType = match[1]!.toLowerCase();
    const document = await within(side, () =>
      createRecord(
        work,
        Document,
        { rel_user_id: client.id, display_name: SIDES[side].name },
        {
          before: async (_work, values) => {
            values.file_content_type = contentType;
            values.extension = contentType.split('/')[1]!.split('+')[0]!;
          },
        },
      ),
    );
    ids[SIDES[side].column] = document.id;
  }
  return ids;
}
