// The sync service's write racing a send (issue 15). A send reads the record ahead (src/sync/recordAhead.ts), so a
// service write made before the send is seen without a 412. What a real race costs is tested by letting the service
// write after the read ahead answered and before the send's write: the one moment no read can see.
import type { Harness } from "./fakes";

/** From now on, the first read of a record is answered as it was, and `write` runs before that answer arrives. */
export const serviceWritesAfterReadAhead = (h: Harness, write: () => Promise<unknown>): void => {
  const api = h.deps.api;
  const getMeeting = api.getMeeting.bind(api);
  let written: Promise<unknown> | undefined;
  h.deps.api = Object.assign(Object.create(api) as typeof api, {
    getMeeting: async (syncKey: string) => {
      const record = await getMeeting(syncKey);
      written ??= write();
      await written;
      return record;
    },
  });
};
