// The buttons of the meeting's status section and the start-up banner, which the pane shows with its first status: a
// native <button> styled with Fluent's tokens the way Fluent's Button (medium size, default and primary appearance)
// looks. Measured on the production build, Fluent's Button (its resolved styles, useButton, the ARIA button hook)
// costs about 5.5 KiB gzip in the JS the pane must load before its provisional status, which is held to 100 KiB;
// the sections below the status (a chunk the status never waits for) keep Fluent's Button. Same precedent and
// reasoning as the hand-made tabs in App.tsx.
import * as React from "react";
import { makeStyles, mergeClasses, tokens } from "@fluentui/react-components";

// Each state names its four border colours and repeats them under :hover and :hover:active on purpose: this object is
// resolved at build time (scripts/griffel-aot-loader.js), which evaluates only literals and Fluent's tokens, so a
// helper or Griffel's shorthands here would send the style resolver back into the pane's first JS.
const useStyles = makeStyles({
  base: {
    display: "inline-flex",
    alignItems: "center",
    justifyContent: "center",
    boxSizing: "border-box",
    verticalAlign: "middle",
    margin: 0,
    minWidth: "96px",
    padding: `5px ${tokens.spacingHorizontalM}`,
    overflow: "hidden",
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
    fontWeight: tokens.fontWeightSemibold,
    lineHeight: tokens.lineHeightBase300,
    cursor: "pointer",
    outlineStyle: "none",
    ":hover": {
      backgroundColor: tokens.colorNeutralBackground1Hover,
      borderTopColor: tokens.colorNeutralStroke1Hover,
      borderRightColor: tokens.colorNeutralStroke1Hover,
      borderBottomColor: tokens.colorNeutralStroke1Hover,
      borderLeftColor: tokens.colorNeutralStroke1Hover,
      color: tokens.colorNeutralForeground1Hover,
    },
    ":hover:active": {
      backgroundColor: tokens.colorNeutralBackground1Pressed,
      borderTopColor: tokens.colorNeutralStroke1Pressed,
      borderRightColor: tokens.colorNeutralStroke1Pressed,
      borderBottomColor: tokens.colorNeutralStroke1Pressed,
      borderLeftColor: tokens.colorNeutralStroke1Pressed,
      color: tokens.colorNeutralForeground1Pressed,
    },
    ":focus-visible": {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: tokens.strokeWidthThin,
    },
  },
  primary: {
    backgroundColor: tokens.colorBrandBackground,
    borderTopColor: "transparent",
    borderRightColor: "transparent",
    borderBottomColor: "transparent",
    borderLeftColor: "transparent",
    color: tokens.colorNeutralForegroundOnBrand,
    ":hover": {
      backgroundColor: tokens.colorBrandBackgroundHover,
      borderTopColor: "transparent",
      borderRightColor: "transparent",
      borderBottomColor: "transparent",
      borderLeftColor: "transparent",
      color: tokens.colorNeutralForegroundOnBrand,
    },
    ":hover:active": {
      backgroundColor: tokens.colorBrandBackgroundPressed,
      borderTopColor: "transparent",
      borderRightColor: "transparent",
      borderBottomColor: "transparent",
      borderLeftColor: "transparent",
      color: tokens.colorNeutralForegroundOnBrand,
    },
  },
  disabled: {
    backgroundColor: tokens.colorNeutralBackgroundDisabled,
    borderTopColor: tokens.colorNeutralStrokeDisabled,
    borderRightColor: tokens.colorNeutralStrokeDisabled,
    borderBottomColor: tokens.colorNeutralStrokeDisabled,
    borderLeftColor: tokens.colorNeutralStrokeDisabled,
    color: tokens.colorNeutralForegroundDisabled,
    cursor: "not-allowed",
    ":hover": {
      backgroundColor: tokens.colorNeutralBackgroundDisabled,
      borderTopColor: tokens.colorNeutralStrokeDisabled,
      borderRightColor: tokens.colorNeutralStrokeDisabled,
      borderBottomColor: tokens.colorNeutralStrokeDisabled,
      borderLeftColor: tokens.colorNeutralStrokeDisabled,
      color: tokens.colorNeutralForegroundDisabled,
    },
    ":hover:active": {
      backgroundColor: tokens.colorNeutralBackgroundDisabled,
      borderTopColor: tokens.colorNeutralStrokeDisabled,
      borderRightColor: tokens.colorNeutralStrokeDisabled,
      borderBottomColor: tokens.colorNeutralStrokeDisabled,
      borderLeftColor: tokens.colorNeutralStrokeDisabled,
      color: tokens.colorNeutralForegroundDisabled,
    },
  },
});

export interface PaneButtonProps extends Omit<React.ButtonHTMLAttributes<HTMLButtonElement>, "type"> {
  appearance?: "secondary" | "primary";
  "data-testid"?: string;
}

export function PaneButton({ appearance = "secondary", className, disabled, ...rest }: PaneButtonProps) {
  const styles = useStyles();
  // mergeClasses: a later slot's value wins over an earlier one's for the same property (atomic classes).
  const classes = mergeClasses(
    styles.base,
    appearance === "primary" && styles.primary,
    disabled && styles.disabled,
    className,
  );
  return <button type="button" disabled={disabled} className={classes} {...rest} />;
}
