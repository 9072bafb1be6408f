// Types of scripts/deployment.js for the TypeScript tests.
export declare const DEV_ORIGIN: string;
export declare function resolveOrigin(production: boolean, env?: Record<string, string | undefined>): string;
export declare function deployment(
  production: boolean,
  env?: Record<string, string | undefined>,
): {
  origin: string;
  DEV_ORIGIN: string;
  copyManifest: { from: string; to: string; transform: (content: Buffer) => string };
  allowedJson: { apply(compiler: unknown): void };
};
