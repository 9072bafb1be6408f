// The InterAction adapter: the typed REST client and the InterActionApi port implemented over it.
export {
  createInterActionClient,
  errorFromResponse,
  parseRetryAfter,
  type InterActionClient,
  type InterActionClientOptions,
  type TokenGetter,
  type WriteOptions,
  type ReadOptions,
  type Schemas,
  type ApiUser,
  type ApiSettings,
  type ApiContact,
  type ApiContactPage,
  type ApiNewContact,
  type ApiMeetingPayload,
  type ApiMeetingRecord,
  type ApiDocument,
  type ApiCompanyMeetingPage,
  type ApiCompanyMeeting,
  type ApiContactType,
  type ApiActivityType,
  type ApiGroup,
  type ApiErrorBody,
} from "./client";
export { createInterActionApi, meetingWriteBody, toMeetingRecord, toDocumentRecord } from "./adapter";
export { base64ToBytes, decodeBase64Chunked, type DecodeOptions } from "./base64";
