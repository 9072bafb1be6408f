// The meeting's attachments and where each stands as an InterAction document, with progress while uploading.
// Uploads run in the controller's async delivery; this view only reflects progress events, so the pane stays
// responsive whatever the file size.
import * as React from "react";
import { Field, ProgressBar } from "@fluentui/react-components";
import { documentRows } from "../derive";
import { formatSize } from "../format";
import { strings } from "../strings";
import { useSelector } from "./context";
import { useSectionStyles } from "./styles";

export function Documents(): React.JSX.Element | null {
  const section = useSectionStyles();
  const m = useSelector((s) => s.meeting);
  const { rows, progress } = React.useMemo(() => documentRows(m), [m]);
  if (!m.view) return null;
  return (
    <section aria-labelledby="documents-heading" className={section.section} data-testid="documents">
      <h3 id="documents-heading" className={section.heading}>
        {strings.documents.heading}
      </h3>
      {progress ? (
        <Field
          label={strings.documents.progressLabel}
          validationState="none"
          validationMessage={strings.documents.progress(progress.done, progress.total)}
        >
          <ProgressBar data-testid="upload-progress" value={progress.value} max={1} thickness="large" />
        </Field>
      ) : null}
      {rows.length === 0 ? (
        <span className={section.muted}>{strings.documents.none}</span>
      ) : (
        <ul className={section.list}>
          {rows.map((d) => (
            <li key={d.attachmentId} className={section.row} data-testid="document" data-phase={d.phase}>
              <span className={section.grow}>
                {d.name} <span className={section.muted}>{formatSize(d.size)}</span>
              </span>
              <span className={section.muted} data-testid="document-state">
                {strings.documents.state[d.phase]}
                {d.message && (d.phase === "failed" || d.phase === "tooLarge") ? `: ${d.message}` : ""}
              </span>
              {d.phase === "uploading" || d.phase === "reading" ? (
                <ProgressBar aria-label={`${strings.documents.state[d.phase]} ${d.name}`} thickness="medium" />
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
