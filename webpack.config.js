// One page per surface, built into dist/<page>.html + dist/assets/*.js. `npm run build` (production) minifies and
// prints each entry's size, raw and gzipped, and writes dist/bundle-sizes.json (read by the benchmarks).
const path = require('node:path');
const zlib = require('node:zlib');
const HtmlWebpackPlugin = require('html-webpack-plugin');

/** page name → { entry, title, officeJs: load office.js from Microsoft's CDN (Outlook surfaces in real hosts) } */
const pages = {
  landing: { entry: './src/ui/landing/landing-page.tsx', title: 'Turnaround' },
  tab: { entry: './src/ui/tab/tab-page.tsx', title: 'Turnaround — My queue' },
  manager: { entry: './src/ui/manager/manager-page.tsx', title: 'Turnaround — Team dashboard' },
  'manager-config': { entry: './src/ui/manager/config-page.tsx', title: 'Turnaround — Set up the team tab' },
  taskpane: { entry: './src/ui/outlook/taskpane-page.tsx', title: 'Turnaround — Track request', officeJs: true },
  commands: { entry: './src/ui/outlook/commands-page.ts', title: 'Turnaround — Commands', officeJs: true },
  'teams-workbench': { entry: './src/devtenant/workbench/teams-workbench-page.tsx', title: 'Teams workbench — Turnaround demo' },
  'outlook-workbench': { entry: './src/devtenant/workbench/outlook-workbench-page.tsx', title: 'Outlook workbench — Turnaround demo' },
};

const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

/** Every page's HTML around `<div id="root">`; the server answers /favicon.ico (src/server/routes/page-routes.ts). */
function pageHtml(page, title) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><link rel="icon" href="/favicon.ico" sizes="16x16 32x32 48x48">${page.officeJs ? `<script src="${OFFICE_JS}"></script>` : ''}
<style>html,body,#root{margin:0;height:100%}</style></head>
<body><div id="root"></div></body></html>`;
}

class BundleSizePlugin {
  apply(compiler) {
    compiler.hooks.afterEmit.tap('BundleSizePlugin', (compilation) => {
      const outDir = compilation.outputOptions.path;
      const sizes = {};
      for (const [name, entrypoint] of compilation.entrypoints) {
        let raw = 0;
        let gzip = 0;
        for (const file of entrypoint.getFiles()) {
          if (!file.endsWith('.js')) continue;
          const source = require('node:fs').readFileSync(path.join(outDir, file));
          raw += source.length;
          gzip += zlib.gzipSync(source, { level: 9 }).length;
        }
        sizes[name] = { rawBytes: raw, gzipBytes: gzip };
      }
      require('node:fs').writeFileSync(path.join(outDir, 'bundle-sizes.json'), JSON.stringify(sizes, null, 2));
      const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(10);
      console.log('\nentry                 raw        gzip');
      for (const [name, s] of Object.entries(sizes)) console.log(`${name.padEnd(18)}${kb(s.rawBytes)}${kb(s.gzipBytes)}`);
    });
  }
}

module.exports = (_env, argv) => {
  const production = argv.mode !== 'development';
  return {
    mode: production ? 'production' : 'development',
    devtool: production ? false : 'eval-cheap-module-source-map',
    entry: Object.fromEntries(Object.entries(pages).map(([name, p]) => [name, p.entry])),
    output: {
      path: path.resolve(__dirname, 'dist'),
      filename: 'assets/[name].[contenthash:8].js',
      chunkFilename: 'assets/[name].[contenthash:8].js',
      publicPath: '/',
      clean: { keep: /appPackage\.zip$/ },
    },
    resolve: { extensions: ['.tsx', '.ts', '.js'] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          // ES modules out of swc (not .swcrc's CommonJS, which is for jest) so webpack can tree-shake Fluent's icons.
          use: { loader: 'swc-loader', options: { swcrc: false, jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } }, target: 'es2020' }, module: { type: 'es6' } } },
        },
      ],
    },
    optimization: { splitChunks: { chunks: 'all' } },
    performance: { hints: false },
    stats: 'errors-warnings',
    plugins: [
      ...Object.entries(pages).map(([name, p]) => new HtmlWebpackPlugin({
        filename: `${name}.html`,
        chunks: [name],
        title: p.title,
        templateContent: ({ htmlWebpackPlugin }) => pageHtml(p, htmlWebpackPlugin.options.title),
      })),
      new BundleSizePlugin(),
    ],
  };
};
module.exports.pages = pages;
module.exports.pageHtml = pageHtml;
