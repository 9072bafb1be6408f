// The task pane shell: theme, header with the two views as tabs, and the landmarks. The client-meetings view is
// loaded on demand so the first render stays small.
import * as React from "react";
import { FluentProvider, makeStyles, tokens, webDarkTheme, webLightTheme } from "@fluentui/react-components";
import { paneStrings as strings } from "../paneStrings";
import { useController, useSelector } from "./context";
import { MeetingPanel } from "./MeetingPanel";
import { BootBanner } from "./BootBanner";

const ClientMeetings = React.lazy(() => import(/* webpackChunkName: "clients" */ "./ClientMeetings"));

const useStyles = makeStyles({
  root: {
    minHeight: "100vh",
    display: "flex",
    flexDirection: "column",
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
  },
  header: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL} 0`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  title: {
    margin: 0,
    fontSize: tokens.fontSizeBase400,
    lineHeight: tokens.lineHeightBase400,
    fontWeight: tokens.fontWeightSemibold,
  },
  tablist: { display: "flex", gap: tokens.spacingHorizontalXS },
  tab: {
    appearance: "none",
    border: "none",
    background: "transparent",
    color: tokens.colorNeutralForeground2,
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    cursor: "pointer",
    borderBottom: `${tokens.strokeWidthThicker} solid transparent`,
    ":hover": { color: tokens.colorNeutralForeground1 },
    ":focus-visible": { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  tabSelected: {
    color: tokens.colorNeutralForeground1,
    fontWeight: tokens.fontWeightSemibold,
    borderBottomColor: tokens.colorCompoundBrandStroke,
  },
  main: { flexGrow: 1, padding: tokens.spacingHorizontalL, display: "flex", flexDirection: "column", gap: "12px" },
});

// Hand-made tabs (WAI-ARIA tabs pattern: roving tabindex, arrows/Home/End) rather than Fluent's TabList: measured
// on the production build, TabList/Tab add 21 KB gzip to taskpane.js (react-tabs plus tabster's arrow navigation),
// 117.6 -> 138.9 KB, over the 120 KB budget for the JS before the first render; its tabster focus-trap dummies also
// tripped axe's aria-hidden-focus in the browser story. The styles below use Fluent tokens, so it looks the same.
const TABS = ["meeting", "clients"] as const;

function Tabs(): React.JSX.Element {
  const styles = useStyles();
  const tab = useSelector((s) => s.tab);
  const controller = useController();
  const refs = React.useRef<Record<string, HTMLButtonElement | null>>({});
  const onKeyDown = (e: React.KeyboardEvent) => {
    const i = TABS.indexOf(tab);
    let next: (typeof TABS)[number] | null = null;
    if (e.key === "ArrowRight") next = TABS[(i + 1) % TABS.length] ?? null;
    else if (e.key === "ArrowLeft") next = TABS[(i + TABS.length - 1) % TABS.length] ?? null;
    else if (e.key === "Home") next = TABS[0];
    else if (e.key === "End") next = TABS[TABS.length - 1] ?? null;
    if (next) {
      e.preventDefault();
      controller.selectTab(next);
      refs.current[next]?.focus();
    }
  };
  return (
    <div role="tablist" aria-label={strings.tabs.label} className={styles.tablist} onKeyDown={onKeyDown}>
      {TABS.map((t) => (
        <button
          key={t}
          ref={(el) => {
            refs.current[t] = el;
          }}
          type="button"
          role="tab"
          id={`tab-${t}`}
          data-testid={`tab-${t}`}
          aria-selected={tab === t}
          aria-controls={`panel-${t}`}
          tabIndex={tab === t ? 0 : -1}
          className={tab === t ? `${styles.tab} ${styles.tabSelected}` : styles.tab}
          onClick={() => controller.selectTab(t)}
        >
          {strings.tabs[t]}
        </button>
      ))}
    </div>
  );
}

export function App(): React.JSX.Element {
  const styles = useStyles();
  const theme = useSelector((s) => s.theme);
  const tab = useSelector((s) => s.tab);
  return (
    <FluentProvider theme={theme === "dark" ? webDarkTheme : webLightTheme} className={styles.root} data-theme={theme}>
      <header className={styles.header}>
        <h1 className={styles.title}>{strings.appTitle}</h1>
        <Tabs />
      </header>
      <main className={styles.main}>
        <BootBanner />
        <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} data-testid={`panel-${tab}`}>
          {tab === "meeting" ? (
            <MeetingPanel />
          ) : (
            <React.Suspense fallback={<p role="status">{strings.tabs.clientsLoading}</p>}>
              <ClientMeetings />
            </React.Suspense>
          )}
        </div>
      </main>
    </FluentProvider>
  );
}
