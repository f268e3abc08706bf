export { verifySignature, type VerifySignatureInput } from './verify-signature.js';
export {
  DEFAULT_TOLERANCE_SECONDS,
  verifyStandardWebhook,
  type VerifyStandardWebhookInput,
} from './verify-standard-webhook.js';
export {
  DELIVERY_ID_HEADER,
  PREVIOUS_SIGNATURE_HEADER,
  SIGNATURE_HEADER,
  STANDARD_ID_HEADER,
  STANDARD_SIGNATURE_HEADER,
  STANDARD_TIMESTAMP_HEADER,
  type SignatureScheme,
} from '@carehooks/catalog/wire';
export { parseEvent } from './parse-event.js';
export {
  WebhookPayloadError,
  WebhookVerificationError,
  type PayloadErrorCode,
  type VerificationErrorCode,
} from './errors.js';
export {
  createDeduplicator,
  deliveryIdFrom,
  MemoryDeliveryStore,
  type Deduplicator,
  type DeliveryStore,
  type HasAddDeliveryStore,
  type MemoryDeliveryStoreOptions,
  type SeenDeliveryStore,
} from './dedup.js';
export {
  createReceiver,
  type DeliveryInfo,
  type ReceivedRequest,
  type Receiver,
  type ReceiverOptions,
  type ReceiverResponse,
  type ReceiverResponseBody,
} from './receive.js';
export {
  createNodeHandler,
  type NodeHandlerOptions,
  type NodeRequestLike,
  type NodeResponseLike,
} from './adapters/node.js';
export {
  fastifyReceiver,
  type FastifyInstanceLike,
  type FastifyReceiverOptions,
  type FastifyReplyLike,
  type FastifyRequestLike,
} from './adapters/fastify.js';
export { createWebHandler } from './adapters/web.js';
export type { RawBody } from './bytes.js';
export type { HeadersInput } from './headers.js';
export type { EventPayloadMap, EventType, WebhookEvent } from '@carehooks/catalog';
