// Dev vs production URLs (the yo-office pattern): the manifest in the repo names the dev origin; a production build
// rewrites it to ADDIN_ORIGIN and emits the well-known file that lets classic Outlook run the JS-only runtime.
const DEV_ORIGIN = "https://localhost:3000";

function deployment(production) {
  const origin = (production && process.env.ADDIN_ORIGIN ? process.env.ADDIN_ORIGIN : DEV_ORIGIN).replace(/\/$/, "");
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

module.exports = { deployment, DEV_ORIGIN };
