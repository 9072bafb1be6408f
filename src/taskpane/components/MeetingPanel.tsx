// The open meeting: what it is, its truthful InterAction status, whether it can be added (and why not), the
// primary "Add to InterAction" action, and the details below.
import * as React from "react";
import {
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Skeleton,
  SkeletonItem,
  Spinner,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import {
  addButton,
  eligibilityNote,
  errorReason,
  isUndelivered,
  refusalText,
  refusedRemoval,
  sharedText,
  statusText,
} from "../statusView";
import { isSignInProblem } from "../failures";
import { formatRange } from "../format";
import { paneStrings as strings } from "../paneStrings";
import { useController, useSelector } from "./context";
import { PaneButton } from "./PaneButton";
import { useSectionStyles } from "./styles";

// The details are a chunk of their own (Details.tsx says why), fetched as soon as this module runs, not on first use.
const loadDetails = () => import(/* webpackChunkName: "details" */ "./Details");
const detailsReady = loadDetails();
const Details = React.lazy(() => detailsReady);
/** Resolves once the details chunk has loaded (tests wait for it before querying the details). */
export const detailsLoaded = (): Promise<void> => detailsReady.then(() => undefined);

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  subject: {
    margin: 0,
    fontSize: tokens.fontSizeBase400,
    lineHeight: tokens.lineHeightBase400,
    fontWeight: tokens.fontWeightSemibold,
    overflowWrap: "anywhere",
  },
  status: {
    margin: 0,
    fontSize: tokens.fontSizeBase300,
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground1,
  },
  actions: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
});

function Loading({ message }: { message: string }): React.JSX.Element {
  return (
    <div data-testid="loading" aria-busy="true">
      <p role="status">{message}</p>
      <Skeleton aria-label={message}>
        <SkeletonItem size={24} />
        <SkeletonItem size={16} style={{ marginTop: 8 }} />
        <SkeletonItem size={32} style={{ marginTop: 16, width: "60%" }} />
      </Skeleton>
    </div>
  );
}

/** Retry on a bar that reports a change InterAction did not take (undelivered, refused, failed): one action for all. */
function RetryAction(): React.JSX.Element {
  const busy = useSelector((s) => s.meeting.busy);
  const controller = useController();
  return (
    <MessageBarActions>
      <PaneButton data-testid="retry-button" disabled={busy !== null} onClick={() => void controller.retry()}>
        {busy === "retry" ? strings.meeting.retrying : strings.meeting.retry}
      </PaneButton>
    </MessageBarActions>
  );
}

export function MeetingPanel(): React.JSX.Element {
  const styles = useStyles();
  const section = useSectionStyles();
  const m = useSelector((s) => s.meeting);
  const boot = useSelector((s) => s.boot);
  const controller = useController();
  const view = m.view;

  if (!view) {
    if (boot.phase === "failed" || m.noItem || (m.unreachable && !m.loading)) {
      return (
        <p data-testid="sync-status" role="status">
          {strings.boot.noMeeting}
        </p>
      );
    }
    const message =
      boot.phase === "starting" || boot.phase === "waitingForOutlook"
        ? strings.boot.waitingForOutlook
        : boot.phase === "connecting"
          ? strings.boot.connecting
          : strings.boot.loadingMeeting;
    return <Loading message={message} />;
  }

  const add = addButton(m);
  const status = statusText(m);
  const shared = sharedText(view);
  const showError = view.status === "error" || m.actionError !== null;
  const reason = errorReason(m) ?? strings.errors.unknown;
  const refusal = refusalText(view);
  // A parked removal of this colleague's link: the status stays "Sync stopped"; the refusal has its own bar.
  const removalRefused = view.status === "stopped" ? refusedRemoval(view) : null;
  const note = eligibilityNote(view);
  const queued = view.outbox.length;
  const undelivered = !showError && isUndelivered(view);
  const lastFailure = view.outbox.find((e) => e.lastError)?.lastError?.message ?? m.lastOutcome?.error?.message;
  // A sign-in the user can give (or an administrator must): said once, with the action that signs in again.
  const signIn = [m.actionError?.message, m.lastOutcome?.error?.message, view.error?.message, lastFailure].find(
    isSignInProblem,
  );

  return (
    <div className={styles.root}>
      <section aria-labelledby="meeting-heading" className={section.section} data-testid="meeting">
        <h2 id="meeting-heading" className={styles.subject} data-testid="meeting-subject">
          {view.snapshot.subject || strings.meeting.untitled}
        </h2>
        <span className={section.muted} data-testid="meeting-when">
          {formatRange(view.snapshot.start, view.snapshot.end)}
          {view.snapshot.location ? ` · ${view.snapshot.location}` : ""}
        </span>
        <div className={section.row}>
          <p
            className={styles.status}
            role="status"
            aria-live="polite"
            data-testid="sync-status"
            data-status={view.status}
          >
            {status}
          </p>
          {m.busy || (m.provisional && boot.phase !== "failed") ? (
            <Spinner size="extra-tiny" aria-label={strings.status.loading} />
          ) : null}
        </div>
        {shared ? (
          <span className={section.muted} data-testid="shared-with">
            {shared}
          </span>
        ) : null}
        {m.provisional ? (
          <span className={section.muted} data-testid="status-provisional">
            {boot.phase === "failed" ? strings.status.localOnly : strings.status.provisional}
          </span>
        ) : null}
        {refusal && view.status !== "error" ? (
          // The status line above names the state; the bar gives the reason, once.
          <MessageBar intent="warning" data-testid="eligibility" layout="multiline">
            <MessageBarBody>{refusal}</MessageBarBody>
          </MessageBar>
        ) : null}
        {note ? (
          <MessageBar intent="info" data-testid="eligibility-note" layout="multiline">
            <MessageBarBody>{note}</MessageBarBody>
          </MessageBar>
        ) : null}
        {signIn && !showError ? (
          <MessageBar intent="warning" data-testid="sign-in" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{strings.signIn.title}</MessageBarTitle>
              {signIn}
            </MessageBarBody>
            <MessageBarActions>
              <PaneButton
                data-testid="sign-in-button"
                disabled={m.busy !== null}
                onClick={() => void controller.retry()}
              >
                {strings.signIn.action}
              </PaneButton>
            </MessageBarActions>
          </MessageBar>
        ) : null}
        {undelivered && !signIn ? (
          <MessageBar intent="warning" data-testid="undelivered" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{strings.meeting.undeliveredTitle}</MessageBarTitle>
              {lastFailure ? strings.meeting.undeliveredBecause(lastFailure) : strings.unreachable.body}
            </MessageBarBody>
            <RetryAction />
          </MessageBar>
        ) : null}
        {removalRefused && !showError ? (
          <MessageBar intent="warning" data-testid="removal-refused" layout="multiline">
            <MessageBarBody>{removalRefused}</MessageBarBody>
            <RetryAction />
          </MessageBar>
        ) : null}
        {showError ? (
          <MessageBar intent="error" data-testid="sync-error" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{strings.meeting.errorTitle}</MessageBarTitle>
              {reason}
            </MessageBarBody>
            <RetryAction />
          </MessageBar>
        ) : null}
        <div className={styles.actions}>
          <PaneButton
            appearance="primary"
            data-testid="add-button"
            disabled={add.disabled || m.provisional}
            onClick={() => void controller.add()}
          >
            {add.label}
          </PaneButton>
          <PaneButton
            data-testid="refresh-button"
            disabled={m.busy !== null || m.provisional}
            onClick={() => void controller.refresh()}
          >
            {strings.meeting.refresh}
          </PaneButton>
        </div>
        {add.hint ? <span className={section.muted}>{add.hint}</span> : null}
        {queued > 0 && view.status !== "error" && !removalRefused ? (
          <span className={section.muted} data-testid="queued">
            {strings.meeting.queued(queued)}
          </span>
        ) : null}
      </section>
      {m.provisional ? null : (
        <React.Suspense fallback={null}>
          <Details />
        </React.Suspense>
      )}
    </div>
  );
}
