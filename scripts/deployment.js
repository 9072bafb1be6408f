// Dev vs production URLs (the yo-office pattern): the manifest in the repo names the dev origin; a production build
// rewrites it to ADDIN_ORIGIN and emits the well-known file that lets classic Outlook run the JS-only runtime.
//
//   ADDIN_ORIGIN=https://interaction-addin.firm.example npm run build
//
// - every https://localhost:3000 in manifest.xml becomes ADDIN_ORIGIN in dist/manifest.xml;
// - dist/.well-known/microsoft-officeaddins-allowed.json lists exactly `${ADDIN_ORIGIN}/commands.js` (classic Outlook
//   on Windows refuses a JavaScript-only runtime whose URL is not listed there);
// - the commands bundle gets ADDIN_ORIGIN baked in (__ADDIN_ORIGIN__) to find `${ADDIN_ORIGIN}/addin-config.json`.
const DEV_ORIGIN = "https://localhost:3000";

function resolveOrigin(production, env = process.env) {
  const raw = production && env.ADDIN_ORIGIN ? env.ADDIN_ORIGIN.trim() : DEV_ORIGIN;
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`ADDIN_ORIGIN must be an absolute https URL (got "${raw}").`);
  }
  if (url.protocol !== "https:")
    throw new Error(`ADDIN_ORIGIN must use https: Office loads add-ins only over https (got "${raw}").`);
  if (url.search || url.hash) throw new Error(`ADDIN_ORIGIN must not have a query or fragment (got "${raw}").`);
  if (url.username || url.password) throw new Error(`ADDIN_ORIGIN must not carry credentials (got "${raw}").`);
  // No sub-folder hosting: classic Outlook looks for /.well-known/microsoft-officeaddins-allowed.json at the root of
  // the host only, so a path here would ship a well-known file Outlook never reads (and no JS-only runtime).
  if (url.pathname !== "/") {
    throw new Error(
      `ADDIN_ORIGIN must be an origin without a path (got "${raw}"): classic Outlook reads ` +
        `/.well-known/microsoft-officeaddins-allowed.json only at the root of the host, so serve dist/ at the root ` +
        `of its own host, e.g. ADDIN_ORIGIN=${url.origin}.`,
    );
  }
  return url.origin;
}

function deployment(production, env = process.env) {
  const origin = resolveOrigin(production, env);
  if (production && !env.ADDIN_ORIGIN && !env.JEST_WORKER_ID) {
    console.warn(`[deployment] ADDIN_ORIGIN is not set: this production build still points at ${DEV_ORIGIN}.`);
  }
  const copyManifest = {
    from: "manifest.xml",
    to: "manifest.xml",
    transform: (content) => content.toString().split(DEV_ORIGIN).join(origin),
  };
  // Classic Outlook on Windows only loads the JS-only runtime from a URL listed here.
  const allowedJson = {
    apply(compiler) {
      compiler.hooks.thisCompilation.tap("AllowedJson", (compilation) => {
        const { RawSource } = compiler.webpack.sources;
        compilation.hooks.processAssets.tap({ name: "AllowedJson", stage: 0 }, () => {
          const body = JSON.stringify({ allowed: [`${origin}/commands.js`] }, null, 2);
          compilation.emitAsset(".well-known/microsoft-officeaddins-allowed.json", new RawSource(body));
        });
      });
    },
  };
  return { origin, copyManifest, allowedJson, DEV_ORIGIN };
}

module.exports = { deployment, resolveOrigin, DEV_ORIGIN };
