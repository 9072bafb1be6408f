// Types of scripts/manifest-checks.cjs for the TypeScript tests.
export interface ManifestControl {
  id: string;
  label?: string;
  action?: string;
  functionName?: string;
  supportsPinning: boolean;
}
export interface ManifestVersionOverrides {
  type: string;
  defined: Map<string, { kind: string; value: string }>;
  references: { element: string; resid: string }[];
  launchEvents: { type: string; functionName: string; sendMode?: string }[];
  executeFunctions: string[];
  extensionPoints: { type: string; controls: ManifestControl[]; groups: (string | undefined)[] }[];
  runtimes: { resid: string; overrides: { type: string; resid: string }[] }[];
  minVersion?: string;
}
export interface ManifestModel {
  type: string;
  permissions: string[];
  minVersion?: string;
  versionOverrides: ManifestVersionOverrides[];
}
export declare const MAX_RESID: number;
export declare function readManifest(xml: string): ManifestModel;
export declare function checkManifest(model: ManifestModel): string[];
export declare function functionNames(model: ManifestModel): string[];
