export { catalog, eventTypes, getEvent, isEventType, payloadSchema, resourceTypes } from './catalog.js';
export { buildPayload } from './build-payload.js';
export { validatePayload, type ValidationResult } from './validate.js';
export { catalogSummary, formatCatalogTable, type CatalogSummaryRow } from './summary.js';
export {
  idAsNumber,
  idFields,
  isNumericId,
  isPayloadIdFormat,
  PAYLOAD_ID_FORMATS,
  withNumberIds,
  withStringIds,
  type PayloadIdFormat,
} from './payload-ids.js';
export type { ExtraField, ExtraKind } from './builder.js';
export type { PayloadSchema, PropertySchema } from './json-schema.js';
export type {
  EventDefinition,
  EventExtras,
  EventPayloadMap,
  EventType,
  ResourceIdType,
  WebhookEvent,
} from './types.js';
