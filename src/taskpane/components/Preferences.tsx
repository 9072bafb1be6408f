// Per-meeting choices: sync mode, who can see it in InterAction, and its meeting (activity) type — each starting
// from the firm's settings until the user picks something else.
import * as React from "react";
import { Field, Input, Select, makeStyles } from "@fluentui/react-components";
import type { Visibility } from "../../core/settings";
import type { SyncMode } from "../../core/syncState";
import { effectivePreferences, visibilityKind, type VisibilityKind } from "../derive";
import { strings } from "../strings";
import { useController, useSelector } from "./context";
import { useSectionStyles } from "./styles";

// Selects take the pane's width and never overflow it, whatever the option text.
const useStyles = makeStyles({ full: { width: "100%", maxWidth: "100%", minWidth: 0 } });

const MODES: SyncMode[] = ["automatic", "manual", "never"];
const VISIBILITIES: VisibilityKind[] = ["everyone", "onlyMe", "group"];

/** One of the meeting's choices: a labelled select of the pane's width, one option per choice. */
function ChoiceField(props: {
  label: string;
  testId: string;
  value: string;
  choices: { value: string; label: string }[];
  disabled: boolean;
  onChoose: (value: string) => void;
}): React.JSX.Element {
  const styles = useStyles();
  return (
    <Field label={props.label}>
      <Select
        className={styles.full}
        data-testid={props.testId}
        value={props.value}
        disabled={props.disabled}
        onChange={(_, d) => props.onChoose(d.value)}
      >
        {props.choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </Select>
    </Field>
  );
}

export function Preferences(): React.JSX.Element | null {
  const section = useSectionStyles();
  const styles = useStyles();
  const controller = useController();
  const view = useSelector((s) => s.meeting.view);
  const busy = useSelector((s) => s.meeting.busy);
  const settingsFromFirm = useSelector((s) => s.settings);
  const activityTypes = useSelector((s) => s.activityTypes);
  const groups = useSelector((s) => s.groups);
  const state = useSelector((s) => s);
  const prefs = React.useMemo(() => effectivePreferences(state), [state]);
  const kind = visibilityKind(prefs.visibility);
  const groupId = typeof prefs.visibility === "object" ? prefs.visibility.groupId : "";
  const [group, setGroup] = React.useState(groupId);
  const [groupChosen, setGroupChosen] = React.useState(false);
  React.useEffect(() => setGroup(groupId), [groupId]);
  if (!view) return null;

  const settings = view.settings ?? settingsFromFirm;
  const disabled = busy !== null;
  const defaultTypeId = settings?.defaultActivityTypeId;
  const types = activityTypes.length
    ? activityTypes
    : prefs.activityTypeId
      ? [{ id: prefs.activityTypeId, name: prefs.activityTypeId }]
      : [];
  const shownKind: VisibilityKind = groupChosen ? "group" : kind;

  const onVisibility = (value: string) => {
    if (value === "group") {
      setGroupChosen(true);
      if (group.trim()) void controller.setVisibility({ groupId: group.trim() });
      return;
    }
    setGroupChosen(false);
    void controller.setVisibility(value as Exclude<Visibility, { groupId: string }>);
  };
  const applyGroup = () => {
    const id = group.trim();
    if (id && id !== groupId) void controller.setVisibility({ groupId: id });
  };

  return (
    <section aria-labelledby="prefs-heading" className={section.section} data-testid="preferences">
      <h3 id="prefs-heading" className={section.heading}>
        {strings.preferences.heading}
      </h3>
      <ChoiceField
        label={strings.preferences.mode}
        testId="mode-select"
        value={view.state.mode}
        choices={MODES.map((mode) => ({ value: mode, label: strings.preferences.modes[mode] }))}
        disabled={disabled}
        onChoose={(value) => void controller.setMode(value as SyncMode)}
      />
      <ChoiceField
        label={strings.preferences.visibility}
        testId="visibility-select"
        value={shownKind}
        choices={VISIBILITIES.map((v) => ({ value: v, label: strings.preferences.visibilities[v] }))}
        disabled={disabled}
        onChoose={onVisibility}
      />
      {shownKind === "group" && groups && groups.length > 0 ? (
        <Field label={strings.preferences.groupSelect}>
          <Select
            className={styles.full}
            data-testid="group-select"
            value={groupId}
            disabled={disabled}
            onChange={(_, d) => {
              if (d.value) void controller.setVisibility({ groupId: d.value });
            }}
          >
            {groupId ? null : <option value="">{strings.preferences.chooseGroup}</option>}
            {groupId && !groups.some((g) => g.id === groupId) ? <option value={groupId}>{groupId}</option> : null}
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
      {shownKind === "group" && !(groups && groups.length > 0) ? (
        <Field label={strings.preferences.group} hint={strings.preferences.groupHint}>
          <Input
            data-testid="group-input"
            value={group}
            disabled={disabled}
            onChange={(_, d) => setGroup(d.value)}
            onBlur={applyGroup}
            onKeyDown={(e) => {
              if (e.key === "Enter") applyGroup();
            }}
          />
        </Field>
      ) : null}
      {types.length > 0 ? (
        // Without InterAction's types and without a choice on the item there is nothing to show or pick: no empty,
        // disabled select.
        <ChoiceField
          label={strings.preferences.activityType}
          testId="activity-type-select"
          value={prefs.activityTypeId}
          choices={types.map((t) => ({
            value: t.id,
            label: t.id === defaultTypeId ? strings.preferences.firmDefault(t.name) : t.name,
          }))}
          disabled={disabled}
          onChoose={(value) => void controller.setActivityType(value)}
        />
      ) : null}
    </section>
  );
}
