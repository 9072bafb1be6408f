// Two independent compilations, so the task pane (React) and the commands bundle (event runtime) can never share a
// chunk. The commands bundle is one self-contained ES2016 file: classic Outlook on Windows runs it in a JS-only
// runtime without DOM or dynamic import, and builds older than 2403 reject ES2017+ syntax. MSAL (ES2020) is
// therefore lowered too: the whole emitted file is lowered to ES2016 once (LowerToEs2016Once), not module by module,
// so esbuild's helpers are not repeated in every module. Lowering does not
// bring the ES2017+ built-ins those builds lack either: src/commands/polyfills.ts, imported first, does.
const path = require("node:path");
const webpack = require("webpack");
const esbuild = require("esbuild");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const { deployment } = require("./scripts/deployment.js");

const dist = path.resolve(__dirname, "dist");

/**
 * Lowers each JavaScript asset of the commands build to ES2016 once, as a whole, before it is minified. Lowering
 * module by module (esbuild-loader's target) repeats esbuild's helpers (async, object spread and rest) in every
 * module: about 5 KiB gzip of the commands bundle's 100 KiB budget.
 */
/**
 * esbuild puts its helpers at the top of the lowered file, and some capture a built-in as the file starts
 * (`var __getOwnPropDescs = Object.getOwnPropertyDescriptors;`), before src/commands/polyfills.ts has run: on an
 * ES2016 engine that is undefined for good. Such a helper looks the built-in up when called instead. A helper that
 * captures another ES2017+ built-in fails the build rather than the user's send.
 */
function lateBoundHelpers(code) {
  const captured = /^var (__\w+) = (Object\.(?:getOwnPropertyDescriptors|entries|values|fromEntries));$/gm;
  const out = code.replace(captured, (_line, helper, builtIn) => `var ${helper} = (o) => ${builtIn}(o);`);
  const left =
    /^var __\w+ = (?:Object|String|Array|Promise)(?:\.prototype)?\.(?:getOwnPropertyDescriptors|entries|values|fromEntries|padStart|padEnd|trimStart|trimEnd|flat|flatMap|finally|allSettled)\b/m.exec(
      out,
    );
  if (left) throw new Error(`LowerToEs2016Once: esbuild helper captures an ES2017+ built-in early: ${left[0]}`);
  return out;
}

class LowerToEs2016Once {
  apply(compiler) {
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap("LowerToEs2016Once", (compilation) => {
      compilation.hooks.processAssets.tapPromise(
        { name: "LowerToEs2016Once", stage: Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE_COMPATIBILITY },
        async (assets) => {
          for (const name of Object.keys(assets).filter((n) => n.endsWith(".js"))) {
            const source = compilation.getAsset(name).source.source().toString();
            const { code } = await esbuild.transform(source, { target: "es2016", loader: "js" });
            compilation.updateAsset(name, new sources.RawSource(lateBoundHelpers(code)));
          }
        },
      );
    });
  }
}

module.exports = (_env, argv) => {
  const production = argv.mode === "production";
  const { origin, copyManifest, allowedJson } = deployment(production);
  const common = {
    mode: production ? "production" : "development",
    devtool: production ? false : "source-map",
    resolve: { extensions: [".ts", ".tsx", ".js", ".mjs"] },
    performance: { hints: false },
    stats: "errors-warnings",
  };

  const commands = {
    ...common,
    name: "commands",
    target: ["web", "es2016"],
    // auth-dialog: the sign-in page of the dialog fallback (where Outlook lacks nested app authentication). A
    // separate entry; splitChunks is off, so it never shares code with commands.js.
    entry: { commands: "./src/commands/commands.ts", "auth-dialog": "./src/authDialog/authDialog.ts" },
    output: {
      path: dist,
      filename: "[name].js",
      // No chunk loading at all: everything is in the one file.
      chunkLoading: false,
      wasmLoading: false,
      environment: { arrowFunction: true, const: true, destructuring: true, dynamicImport: false, module: false },
      clean: false,
    },
    module: {
      // MSAL and others may contain `import()`; "eager" keeps them in this file with no chunk to load.
      parser: { javascript: { dynamicImportMode: "eager" } },
      // Every module, node_modules included, is only stripped of types here; LowerToEs2016Once lowers the file.
      rules: [{ test: /\.[cm]?[jt]sx?$/, loader: "esbuild-loader", options: { target: "esnext" } }],
    },
    optimization: { splitChunks: false, runtimeChunk: false },
    plugins: [
      new LowerToEs2016Once(),
      // Classic Outlook's JS-only runtime has no page URL: the config is fetched from `${origin}/addin-config.json`.
      new webpack.DefinePlugin({ __ADDIN_ORIGIN__: JSON.stringify(origin) }),
      new HtmlWebpackPlugin({
        filename: "commands.html",
        template: "./src/commands/commands.html",
        chunks: ["commands"],
        scriptLoading: "blocking",
      }),
      new HtmlWebpackPlugin({
        filename: "auth-dialog.html",
        template: "./src/authDialog/auth-dialog.html",
        chunks: ["auth-dialog"],
      }),
      // Deployment files travel with the commands build, so `--config-name commands` alone yields everything the
      // event runtime needs: the rewritten manifest, icons, addin-config.json and the well-known file.
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets", to: "assets", globOptions: { ignore: ["**/*.mjs"] } },
          { from: "config/addin-config.json", to: "addin-config.json" },
          copyManifest,
        ],
      }),
      allowedJson,
    ],
  };

  const taskpane = {
    ...common,
    name: "taskpane",
    target: ["web", "es2020"],
    entry: { taskpane: "./src/taskpane/index.tsx" },
    output: { path: dist, filename: "[name].js", chunkFilename: "taskpane.[name].[contenthash:8].js", clean: false },
    module: {
      rules: [
        {
          test: /\.[cm]?[jt]sx?$/,
          exclude: /node_modules/,
          // Loaders run last to first: esbuild strips the types, then our makeStyles calls are resolved at build time
          // (scripts/griffel-aot-loader.js says why), so the pane does not ship Griffel's style resolver.
          use: [
            { loader: path.resolve(__dirname, "scripts/griffel-aot-loader.js") },
            { loader: "esbuild-loader", options: { target: "es2020" } },
          ],
        },
      ],
    },
    plugins: [
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        chunks: ["taskpane"],
      }),
    ],
  };

  return [commands, taskpane];
};
