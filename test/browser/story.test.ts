// The product story of "InterAction Meeting Sync for Outlook", step by step, in real Chromium: the simulated Outlook
// (dev/workbench) runs the real built task pane and commands bundle against a fresh InterAction sandbox. Every step
// checks what InterAction stored (the sandbox's API and request log) and what the user sees (Outlook's notification
// bar, the task pane), runs axe-core on the task pane states and keeps screenshots under test-artifacts/.
// The steps live in ./story/ by chapter; they run in this order, on one stack (story/suite.ts), signed in with the
// sandbox's dev tokens. naaStory.test.ts runs the same story signed in with nested app authentication.
import { storySuite } from "./story/suite";

jest.setTimeout(180_000);

storySuite("InterAction Meeting Sync in Outlook (workbench, real bundles, sandbox)", "dev");
