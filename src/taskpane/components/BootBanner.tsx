// Start-up state: what the pane is doing right now, or why InterAction can't be reached. Outlook's meeting is never
// affected by any of it, and the banner says so.
import * as React from "react";
import { MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import { paneStrings as strings } from "../paneStrings";
import { useController, useSelector } from "./context";
import { PaneButton } from "./PaneButton";

export function BootBanner(): React.JSX.Element | null {
  const boot = useSelector((s) => s.boot);
  const unreachable = useSelector((s) => s.meeting.unreachable);
  const busy = useSelector((s) => s.meeting.busy);
  const controller = useController();
  if (unreachable || boot.phase === "failed") {
    return (
      <MessageBar intent={unreachable ? "warning" : "error"} data-testid="unreachable" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{unreachable ? strings.unreachable.title : strings.meeting.errorTitle}</MessageBarTitle>
          {unreachable ? strings.unreachable.body : boot.message}
        </MessageBarBody>
        <MessageBarActions>
          <PaneButton
            data-testid="reconnect-button"
            disabled={busy !== null}
            onClick={() => void (boot.phase === "failed" ? controller.start() : controller.refresh())}
          >
            {strings.unreachable.retry}
          </PaneButton>
        </MessageBarActions>
      </MessageBar>
    );
  }
  return null;
}
