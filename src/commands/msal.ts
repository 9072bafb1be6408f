// The one part of MSAL the commands bundle uses, behind an import() of its own (commands.ts says why): importing this
// module rather than MSAL's package keeps webpack's tree shaking and scope hoisting for MSAL (an import() of the
// package itself keeps every export and every module wrapper: about 12 KiB gzip more).
export { createNestablePublicClientApplication } from "@azure/msal-browser";
