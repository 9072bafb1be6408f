// The simulated Outlook, split along its seams: people, model, mailboxes, dispatch, frames and the frame bridge,
// send and Smart Alerts, the add-in's surface (ribbon, task pane).
export { FIRM_DOMAIN, FIRM_USERS, personFor } from "./people";
export type {
  Attendee,
  CalendarItem,
  Form,
  Invocation,
  MeetingFields,
  NotificationLogEntry,
  SmartAlert,
} from "./model";
export { Outlook, type Listener } from "./outlook";
