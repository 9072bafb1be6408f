// How the add-in signs in to InterAction, as addin-config.json states it (src/compose/config.ts parses and checks the
// file; this is the shape the token providers take). Declared here once, with the authority used when none is given.

/** Microsoft Entra's multi-tenant work-or-school authority: the sign-in of any firm's tenant. */
export const DEFAULT_AUTHORITY = "https://login.microsoftonline.com/organizations";

export interface AuthConfig {
  /** "dev": tokens from the sandbox (workbench, tests); "naa": Microsoft Entra through nested app authentication. */
  mode: "dev" | "naa";
  clientId?: string;
  authority?: string;
  scopes?: string[];
}
