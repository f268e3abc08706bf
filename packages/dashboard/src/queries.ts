/** The GraphQL documents the dashboard sends, and the shapes of their answers. */
import type { FieldError } from './api.js';

export interface Viewer {
  currentUser: { id: string; email: string | null; first_name: string | null; last_name: string | null };
  organization: { id: string; name: string };
}

export const VIEWER = /* GraphQL */ `
  query DashboardViewer {
    currentUser {
      id
      email
      first_name
      last_name
    }
    organization {
      id
      name
    }
  }
`;

export interface WebhookEvent {
  id: string;
  event_type: string;
  first_failed_at: string | null;
  last_failed_at: string | null;
  retry_count: number;
}

export interface Webhook {
  id: string;
  url: string;
  is_enabled: boolean;
  should_retry: boolean;
  signature_secret: string | null;
  signature_scheme: 'healthie' | 'standard_webhooks';
  payload_id_format: 'string' | 'number';
  ordering: 'none' | 'per_resource';
  max_per_second: number | null;
  warned_at: string | null;
  webhook_events: WebhookEvent[];
}

const WEBHOOK_FIELDS = /* GraphQL */ `
  id
  url
  is_enabled
  should_retry
  signature_secret
  signature_scheme
  payload_id_format
  ordering
  max_per_second
  warned_at
  webhook_events {
    id
    event_type
    first_failed_at
    last_failed_at
    retry_count
  }
`;

export const WEBHOOKS = /* GraphQL */ `
  query DashboardWebhooks($after: ISO8601DateTime!) {
    webhooks(page_size: 100, order_by: CREATED_AT_DESC) {
      ${WEBHOOK_FIELDS}
    }
    webhooksCount
    sentWebhookBuckets(sent_after: $after, bucket_seconds: 300) {
      webhook_id
      start
      attempts
      succeeded
      avg_duration_ms
      max_duration_ms
    }
  }
`;

export interface Bucket {
  webhook_id: string;
  start: string;
  attempts: number;
  succeeded: number;
  avg_duration_ms: number | null;
  max_duration_ms: number | null;
}

/** Every mutation payload's `messages`: the field errors of a rejected input. */
const FIELD_ERRORS = /* GraphQL */ `
  fragment DashboardFieldErrors on FieldError {
    field
    message
  }
`;

export interface WebhookPayload {
  webhook: Webhook | null;
  messages: FieldError[] | null;
}

export const CREATE_WEBHOOK = /* GraphQL */ `
  mutation DashboardCreateWebhook($input: createWebhookInput) {
    createWebhook(input: $input) {
      webhook { ${WEBHOOK_FIELDS} }
      messages { ...DashboardFieldErrors }
    }
  }
  ${FIELD_ERRORS}
`;

export const UPDATE_WEBHOOK = /* GraphQL */ `
  mutation DashboardUpdateWebhook($input: updateWebhookInput) {
    updateWebhook(input: $input) {
      webhook { ${WEBHOOK_FIELDS} }
      messages { ...DashboardFieldErrors }
    }
  }
  ${FIELD_ERRORS}
`;

export const DELETE_WEBHOOK = /* GraphQL */ `
  mutation DashboardDeleteWebhook($input: deleteWebhookInput) {
    deleteWebhook(input: $input) {
      webhook {
        id
      }
      messages {
        ...DashboardFieldErrors
      }
    }
  }
  ${FIELD_ERRORS}
`;

export const ROTATE_SECRET = /* GraphQL */ `
  mutation DashboardRotateSecret($input: expireWebhookSignatureInput) {
    expireWebhookSignature(input: $input) {
      webhook { ${WEBHOOK_FIELDS} }
      messages { ...DashboardFieldErrors }
    }
  }
  ${FIELD_ERRORS}
`;

export const SEND_TEST = /* GraphQL */ `
  mutation DashboardSendTest($input: sendTestWebhookInput) {
    sendTestWebhook(input: $input) {
      sent
      messages {
        ...DashboardFieldErrors
      }
    }
  }
  ${FIELD_ERRORS}
`;

export const RESEND = /* GraphQL */ `
  mutation DashboardResend($input: resendSentWebhookInput) {
    resendSentWebhook(input: $input) {
      sent
      messages {
        ...DashboardFieldErrors
      }
    }
  }
  ${FIELD_ERRORS}
`;

export const RECOVER = /* GraphQL */ `
  mutation DashboardRecover($input: recoverWebhookInput) {
    recoverWebhook(input: $input) {
      count
      messages {
        ...DashboardFieldErrors
      }
    }
  }
  ${FIELD_ERRORS}
`;

export interface Attempt {
  id: string;
  cursor: string;
  created_at: string;
  event_type: string | null;
  http_response_status: string | null;
  resource_id: string | null;
  resource_id_type: string | null;
  url: string | null;
  webhook_id: string | null;
  attempt: number | null;
  delivery_id: string | null;
  duration_ms: number | null;
  error: string | null;
  response_body: string | null;
  request_body: string | null;
  delivery_state: string | null;
  next_attempt_at: string | null;
}

export interface AttemptFilters {
  failed?: boolean | null;
  event_type?: string | null;
  webhook_id?: string | null;
  resource_id?: string | null;
  sent_after?: string | null;
  sent_before?: string | null;
  keywords?: string | null;
}

export const ATTEMPTS = /* GraphQL */ `
  query DashboardAttempts(
    $after: Cursor
    $page_size: Int
    $failed: Boolean
    $event_type: String
    $webhook_id: ID
    $resource_id: ID
    $sent_after: ISO8601DateTime
    $sent_before: ISO8601DateTime
    $keywords: String
  ) {
    sentWebhooks(
      after: $after
      page_size: $page_size
      failed: $failed
      event_type: $event_type
      webhook_id: $webhook_id
      resource_id: $resource_id
      sent_after: $sent_after
      sent_before: $sent_before
      keywords: $keywords
    ) {
      id
      cursor
      created_at
      event_type
      http_response_status
      resource_id
      resource_id_type
      url
      webhook_id
      attempt
      delivery_id
      duration_ms
      error
      response_body
      request_body
      delivery_state
      next_attempt_at
    }
    sentWebhooksCount(
      failed: $failed
      event_type: $event_type
      webhook_id: $webhook_id
      resource_id: $resource_id
      sent_after: $sent_after
      sent_before: $sent_before
      keywords: $keywords
    )
  }
`;

export const WEBHOOK_URLS = /* GraphQL */ `
  query DashboardWebhookUrls {
    webhooks(page_size: 100) {
      id
      url
      is_enabled
    }
  }
`;
