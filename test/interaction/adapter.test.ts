// The InterActionApi adapter over the typed client: an attachment whose content Outlook handed over unreadably is a
// clear, final failure (parked with Retry in the pane), never an endless "unexpected" retry and never an upload.
import { createInterActionApi, type InterActionClient } from "../../src/interaction";
import { InterActionError } from "../../src/sync/errors";

const clientThatMustNotUpload = (): { client: InterActionClient; uploads: () => number } => {
  let uploads = 0;
  const client = {
    uploadDocument: async () => {
      uploads++;
      return {
        document: { id: "d1", documentKey: "k", name: "x", size: 0, sha256: "", contentType: "text/plain" },
      };
    },
  } as unknown as InterActionClient;
  return { client, uploads: () => uploads };
};

describe("uploading an attachment through the adapter", () => {
  it("an attachment Outlook handed over as something other than base64 is refused for good with its name", async () => {
    const { client, uploads } = clientThatMustNotUpload();
    const api = createInterActionApi(client);
    const upload = api.uploadDocument("sk", "k", {
      name: "Term sheet.pdf",
      contentType: "application/pdf",
      base64: "this is *not* base64!",
    });
    await expect(upload).rejects.toBeInstanceOf(InterActionError);
    await expect(upload).rejects.toMatchObject({
      code: "invalid",
      retryable: false,
      message: expect.stringContaining('"Term sheet.pdf"'),
    });
    expect(uploads()).toBe(0);
  });

  it("valid base64 is decoded and handed to the client as bytes", async () => {
    let received: Uint8Array | undefined;
    const client = {
      uploadDocument: async (_s: string, _k: string, doc: { bytes: Uint8Array }) => {
        received = doc.bytes;
        return {
          document: { id: "d1", documentKey: "k", name: "a.txt", size: 5, sha256: "", contentType: "text/plain" },
        };
      },
    } as unknown as InterActionClient;
    const record = await createInterActionApi(client).uploadDocument("sk", "k", {
      name: "a.txt",
      contentType: "text/plain",
      base64: Buffer.from("hello").toString("base64"),
    });
    expect(Buffer.from(received ?? []).toString()).toBe("hello");
    expect(record.documentKey).toBe("k");
  });
});
