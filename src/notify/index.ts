// The public surface of src/notify/: what the other layers import from it.
export { deliver, NotifyError, signBody } from './deliver.ts';
export { renderSlack, renderText, subjectOf } from './format.ts';
export { buildMessage, consoleLink, DETAIL_TYPES, type RunMessage } from './message.ts';
export { compareWithPrevious, deliverContext, messageFor, notifyRun, type NotifyRunOptions, type NotifySettings } from './notify.ts';
export { appendNotifications, deliverySummary, type DeliveryRecord, type NotificationsRecord, readNotifications } from './record.ts';
export { sampleMessage } from './sample.ts';
export { isLoopbackHost, NO_NOTIFY, type NotifyConfig, NotifySchema, type NotifyTarget } from './schema.ts';
