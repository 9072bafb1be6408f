// The top bar: signed-in user, the clock (Outlook, the add-in's frames and the sandbox move together), theme, client.
import React, { useState } from "react";
import { FIRM_USERS, type Outlook } from "../outlook";
import type { OutlookClient } from "../outlook/dispatch";
import { fmtDateTime, fromLocalInput, useNow } from "./format";

export function Header({ outlook }: { outlook: Outlook }) {
  const nowSeconds = useNow(outlook);
  const now = new Date(nowSeconds * 1000);
  const [clock, setClock] = useState("");
  const [error, setError] = useState("");
  return (
    <header className="topbar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          O
        </span>
        Outlook <span className="brand-sub">workbench</span>
      </div>
      <label className="topbar-field">
        Signed in as
        <select
          value={outlook.user.email}
          onChange={(e) => {
            outlook.signIn(e.target.value);
            void outlook.store.refresh().then(() => outlook.changed());
          }}
        >
          {FIRM_USERS.map((u) => (
            <option key={u.email} value={u.email}>
              {u.name} ({u.email})
            </option>
          ))}
        </select>
      </label>
      <form
        className="topbar-field clock"
        onSubmit={(e) => {
          e.preventDefault();
          if (!clock) return;
          outlook.setNow(fromLocalInput(clock)).then(
            () => setError(""),
            (err: Error) => setError(err.message),
          );
        }}
      >
        <span>
          <time dateTime={now.toISOString()}>{fmtDateTime(now.toISOString())}</time>
        </span>
        <label className="sr-only" htmlFor="wb-clock">
          Move the clock to
        </label>
        <input id="wb-clock" type="datetime-local" value={clock} onChange={(e) => setClock(e.target.value)} />
        <button type="submit">Set clock</button>
        {error && <span role="alert">{error}</span>}
      </form>
      <label className="topbar-field">
        Client
        <select value={outlook.client} onChange={(e) => outlook.useClient(e.target.value as OutlookClient)}>
          <option value="classic">Classic Outlook (Windows)</option>
          <option value="new">New Outlook / Outlook on the web</option>
          <option value="mobile">Outlook mobile (no add-ins)</option>
        </select>
      </label>
      <label className="topbar-field">
        Theme
        <select value={outlook.theme} onChange={(e) => outlook.setTheme(e.target.value as "light" | "dark")}>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </label>
      <a className="topbar-link" href={outlook.sandboxUrl} target="_blank" rel="noreferrer">
        InterAction web view ↗
      </a>
    </header>
  );
}
