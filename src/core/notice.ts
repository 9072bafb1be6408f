// What the user is told after a trigger ran: an item notification in Outlook, a line in the task pane.
export type NoticeKind = "info" | "success" | "warning" | "error";

export interface Notice {
  /** Stable per topic, so a newer notice replaces an older one instead of stacking (Outlook keys messages). */
  key: "sync" | "eligibility" | "pending";
  kind: NoticeKind;
  /** Plain text, at most 150 characters (Outlook's limit for notification messages). */
  message: string;
}
