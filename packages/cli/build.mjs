// Bundles the CLI for a fast start: dist/tspacker.mjs is a small ESM entry (argument handling, help, version) and
// each command's code, with every dependency inside, is a chunk under dist/chunks/ that is loaded only when the
// command runs. (chevrotain's unbundled import alone costs 200-300 ms; one file holding everything costs ~20 ms
// of parsing before anything runs.) The workspace packages (@tspacker/hcl, sdk, core, plugin-builtin) are bundled
// from their TypeScript sources, so the bundle never lags behind them, and are treated as free of side effects.
// Commands that need only part of one (fmt) import its modules by path (`@tspacker/hcl/format/index.js`): the
// package index reaches everything, functions included.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(fs.readFileSync(path.join(here, 'package.json'), 'utf8'));
const dist = path.join(here, 'dist');

/** The workspace packages bundled from source, by package name. */
const sourcePackages = ['hcl', 'sdk', 'core', 'plugin-builtin', 'plugin-ssh', 'plugin-amazon', 'ec2-local'].map((name) => ({
  name,
  src: path.resolve(here, '..', name, 'src'),
}));

/** @type {import('esbuild').Plugin} */
const workspaceFromSource = {
  name: 'workspace-from-source',
  setup(b) {
    b.onResolve({ filter: /^@tspacker\/(hcl|sdk|core|plugin-builtin|plugin-ssh|plugin-amazon|ec2-local)(\/.*)?$/ }, (args) => {
      const [, name, rest] = /^@tspacker\/([^/]+)(\/.*)?$/.exec(args.path);
      const pkg = sourcePackages.find((p) => p.name === name);
      const sub = rest === undefined ? 'index.ts' : rest.slice(1).replace(/\.js$/, '.ts');
      return { path: path.join(pkg.src, sub), sideEffects: false };
    });
    // Modules of these packages only define things: one that nothing uses can be left out.
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (!sourcePackages.some((p) => args.importer.startsWith(p.src + path.sep))) return undefined;
      const p = path.resolve(path.dirname(args.importer), args.path.replace(/\.js$/, '.ts'));
      return fs.existsSync(p) ? { path: p, sideEffects: false } : undefined;
    });
  },
};

// chevrotain's modules only define things too, but its package does not say so: without this, importing its Lexer
// bundles the whole parser toolkit (~140 KB more for `fmt` to load on every run).
const chevrotainWithoutSideEffects = {
  name: 'chevrotain-without-side-effects',
  setup(b) {
    const inChevrotain = (p) => /[\\/]node_modules[\\/](@chevrotain[\\/][^\\/]+|chevrotain)[\\/]/.test(p);
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === chevrotainWithoutSideEffects || args.kind === 'entry-point') return undefined;
      if (!/^(@chevrotain\/|chevrotain$)/.test(args.path) && !inChevrotain(args.importer)) return undefined;
      const { path: resolved, errors } = await b.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: chevrotainWithoutSideEffects,
      });
      if (errors.length > 0 || !inChevrotain(resolved)) return undefined;
      return { path: resolved, sideEffects: false };
    });
  },
};

fs.rmSync(path.join(dist, 'chunks'), { recursive: true, force: true });
const result = await build({
  metafile: Boolean(process.env.TSPACKER_BUNDLE_META),
  entryPoints: {
    tspacker: path.join(here, 'src/bin.ts'),
    // The worker thread behind aws_secretsmanager (its lookup blocks on it): a module of its own, which the
    // bundled lookup finds beside its chunk as chunks/aws-secrets-worker.mjs.
    'chunks/aws-secrets-worker': path.resolve(here, '../plugin-amazon/src/secrets/worker.ts'),
  },
  outdir: dist,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  plugins: [workspaceFromSource, chevrotainWithoutSideEffects],
  // ssh2 may load native bindings (optional, built at install): it stays a dependency, imported at run time.
  external: ['ssh2'],
  define: { __TSPACKER_VERSION__: JSON.stringify(pkg.version) },
  // Bundled CommonJS code may require() Node built-ins.
  banner: {
    js: "import { createRequire as __tspackerCreateRequire } from 'node:module';\nconst require = __tspackerCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

// The executable: a shebang on the entry only (chunks are plain modules).
const entry = path.join(dist, 'tspacker.mjs');
fs.writeFileSync(entry, '#!/usr/bin/env node\n' + fs.readFileSync(entry, 'utf8'));
fs.chmodSync(entry, 0o755);

// TSPACKER_BUNDLE_META=1 node build.mjs: what each output chunk is made of (for start-up work).
if (result.metafile) console.log(await (await import('esbuild')).analyzeMetafile(result.metafile));
