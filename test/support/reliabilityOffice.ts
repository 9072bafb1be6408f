// A small stand-in for Office.Mailbox with Outlook's semantics for what the reliability and security suites need:
// custom properties (load/get/set/getAll/saveAsync) and item notifications. The REAL adapters
// (createCustomPropertiesStateStore, createItemNotifier) run over it.
export function mailboxStandIn(initial: Record<string, unknown> = {}) {
  const properties: Record<string, unknown> = { ...initial };
  const saved: Record<string, unknown>[] = [];
  const shown: Office.NotificationMessageDetails[] = [];
  const ok = <T>(value: T) => ({ status: "succeeded", value }) as unknown as Office.AsyncResult<T>;
  const props = {
    get: (name: string) => properties[name],
    set: (name: string, value: unknown) => void (properties[name] = value),
    remove: (name: string) => void delete properties[name],
    getAll: () => ({ ...properties }),
    saveAsync: (cb: (r: Office.AsyncResult<void>) => void) => {
      saved.push(JSON.parse(JSON.stringify(properties)) as Record<string, unknown>);
      cb(ok(undefined));
    },
  };
  const item = {
    loadCustomPropertiesAsync: (cb: (r: Office.AsyncResult<unknown>) => void) => cb(ok(props)),
    notificationMessages: {
      replaceAsync: (
        _key: string,
        details: Office.NotificationMessageDetails,
        cb: (r: Office.AsyncResult<void>) => void,
      ) => {
        shown.push(details);
        cb(ok(undefined));
      },
      removeAsync: (_key: string, cb: (r: Office.AsyncResult<void>) => void) => cb(ok(undefined)),
    },
  };
  return { mailbox: { item } as unknown as Office.Mailbox, properties, saved, shown };
}
