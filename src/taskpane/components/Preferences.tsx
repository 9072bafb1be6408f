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
      <Field label={strings.preferences.mode}>
        <Select
          className={styles.full}
          data-testid="mode-select"
          value={view.state.mode}
          disabled={disabled}
          onChange={(_, d) => void controller.setMode(d.value as SyncMode)}
        >
          {MODES.map((mode) => (
            <option key={mode} value={mode}>
              {strings.preferences.modes[mode]}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={strings.preferences.visibility}>
        <Select
          className={styles.full}
          data-testid="visibility-select"
          value={shownKind}
          disabled={disabled}
          onChange={(_, d) => onVisibility(d.value)}
        >
          {VISIBILITIES.map((v) => (
            <option key={v} value={v}>
              {strings.preferences.visibilities[v]}
            </option>
          ))}
        </Select>
      </Field>
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
        <Field label={strings.preferences.activityType}>
          <Select
            className={styles.full}
            data-testid="activity-type-select"
            value={prefs.activityTypeId}
            disabled={disabled}
            onChange={(_, d) => void controller.setActivityType(d.value)}
          >
            {types.map((t) => (
              <option key={t.id} value={t.id}>
                {t.id === defaultTypeId ? strings.preferences.firmDefault(t.name) : t.name}
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
    </section>
  );
}
