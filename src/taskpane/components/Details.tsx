// The meeting's details below its status: preferences, firm rules, attendees, documents and history. A lazy chunk
// ("details"): none of it is needed to show the status, and its Fluent controls (Select, Input, Field, Badge,
// ProgressBar) are a good part of the pane's JS. MeetingPanel starts loading it at once and renders it below the
// status, so nothing above it moves.
import * as React from "react";
import { Attendees } from "./Attendees";
import { Documents } from "./Documents";
import { History } from "./History";
import { Preferences } from "./Preferences";
import { Rules } from "./Rules";

export default function Details(): React.JSX.Element {
  return (
    <>
      <Preferences />
      <Rules />
      <Attendees />
      <Documents />
      <History />
    </>
  );
}
