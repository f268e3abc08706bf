/**
 * The messaging area's face: what other areas may use of it (its declarations and table types, and the
 * log of sent notifications they record to), and the message scheduler the application runs. Its assembly, with behaviour bound, is ./area.ts, which only
 * areas/all.ts imports.
 */
export {
  Conversation,
  ConversationMembership,
  MessageSchedule,
  Note,
  NoteScheduler,
  NotificationSetting,
  SentNotificationRecord,
  type MessagingTables,
} from './resources.js';
export { recordSentNotification, type NotificationDetails } from './internal-notification-records.js';
export { queueEmail, type EmailMessage } from './email-queue.js';
export {
  sendQueuedEmails,
  startEmailSender,
  type EmailSender,
  type EmailSenderDeps,
  type Mailer,
} from './email-sender.js';
export {
  sendDueMessages,
  startMessageScheduler,
  type MessageScheduler,
  type SchedulerDeps,
} from './scheduled-messages.js';
