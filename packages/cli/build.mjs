// Bundles the CLI for a fast start: dist/tspacker.mjs is a small ESM entry (argument handling, help, version) and
// each command's code, with every dependency inside, is a chunk under dist/chunks/ that is loaded only when the
// command runs. (chevrotain's unbundled import alone costs 200-300 ms; one file holding everything costs ~20 ms
// of parsing before anything runs.) The workspace packages (@tspacker/hcl, sdk, core, plugin-builtin) are bundled
// from their TypeScript sources, so the bundle never lags behind them, and are treated as free of side effects.
// Commands that need only part of one (fmt) import its modules by path (`@tspacker/hcl/format/index.js`): the
// package index reaches everything, functions included.
// Plugins import @tspacker/sdk, which tspacker provides (plugin-sdk.ts): each SDK module is also an entry,
// chunks/sdk/PATH.mjs, made of imports of the chunks the commands share, so a plugin gets the host's one copy.
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

/** The SDK modules a plugin can import (the package exports `./*.js`), as paths without `.ts` under its src. */
function sdkModules() {
  const src = sourcePackages.find((p) => p.name === 'sdk').src;
  return fs
    .readdirSync(src, { recursive: true })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .map((file) => file.slice(0, -'.ts'.length).split(path.sep).join('/'))
    // @tspacker/sdk/testing is for a plugin's own tests (node:assert and all), never for a plugin tspacker runs.
    .filter((module) => !module.startsWith('testing/'))
    .sort();
}

/** Each SDK module's export names (what esbuild finds bundling it alone, in memory). */
async function sdkExports(modules) {
  const result = await build({
    entryPoints: Object.fromEntries(modules.map((m, i) => [`m${i}`, `@tspacker/sdk/${m}.js`])),
    outdir: dist,
    write: false,
    metafile: true,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    plugins: [workspaceFromSource],
    external: ['ssh2'],
    logLevel: 'warning',
  });
  const names = new Map();
  for (const output of Object.values(result.metafile.outputs)) {
    const entry = /[\\/]sdk[\\/]src[\\/](.*)\.ts$/.exec(output.entryPoint ?? '');
    if (entry) names.set(entry[1].split(/[\\/]/).join('/'), output.exports);
  }
  return modules.map((m) => ({ module: m, exports: names.get(m) ?? [] }));
}

/**
 * The SDK as plugins import it. One entry, chunks/sdk/modules.mjs, exports every binding of every SDK module
 * (`m3$attr`); each module is then a small file, chunks/sdk/PATH.mjs, re-exporting its own bindings from it. One
 * entry rather than one per module: each entry point splits the chunks the commands share further (with one per
 * module, `validate` loaded 45 files instead of 10 and started ~10 ms slower).
 */
const sdkModulesEntry = {
  name: 'sdk-modules-entry',
  setup(b) {
    b.onResolve({ filter: /^tspacker:sdk-modules$/ }, (args) => ({ path: args.path, namespace: 'sdk-modules' }));
    b.onLoad({ filter: /.*/, namespace: 'sdk-modules' }, () => ({
      contents: sdk
        .map(({ module, exports }, i) => `export { ${exports.map((name) => `${name} as m${i}$${name}`).join(', ')} } from '@tspacker/sdk/${module}.js';`)
        .join('\n'),
      resolveDir: here,
      loader: 'js',
    }));
  },
};

/** Writes chunks/sdk/PATH.mjs for each SDK module (after the build, which empties chunks/). */
function writeSdkModules() {
  for (const [i, { module, exports }] of sdk.entries()) {
    const file = path.join(dist, 'chunks', 'sdk', `${module}.mjs`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const from = path.relative(path.dirname(file), path.join(dist, 'chunks', 'sdk', 'modules.mjs')).split(path.sep).join('/');
    const names = exports.map((name) => `m${i}$${name} as ${name}`).join(', ');
    fs.writeFileSync(file, `export { ${names} } from '${from.startsWith('.') ? from : `./${from}`}';\n`);
  }
}

const sdk = await sdkExports(sdkModules());

fs.rmSync(path.join(dist, 'chunks'), { recursive: true, force: true });
const result = await build({
  metafile: Boolean(process.env.TSPACKER_BUNDLE_META),
  entryPoints: {
    tspacker: path.join(here, 'src/bin.ts'),
    // The worker thread behind aws_secretsmanager (its lookup blocks on it): a module of its own, which the
    // bundled lookup finds beside its chunk as chunks/aws-secrets-worker.mjs.
    'chunks/aws-secrets-worker': path.resolve(here, '../plugin-amazon/src/secrets/worker.ts'),
    // The module resolve hooks that give plugins the SDK below (registered by plugin-sdk.ts on a plugin's import).
    'chunks/plugin-sdk-hooks': path.join(here, 'src/plugin-sdk-hooks.ts'),
    'chunks/sdk/modules': 'tspacker:sdk-modules',
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
  plugins: [sdkModulesEntry, workspaceFromSource, chevrotainWithoutSideEffects],
  // ssh2 may load native bindings (optional, built at install): it stays a dependency, imported at run time.
  external: ['ssh2'],
  define: { __TSPACKER_VERSION__: JSON.stringify(pkg.version) },
  // Bundled CommonJS code may require() Node built-ins.
  banner: {
    js: "import { createRequire as __tspackerCreateRequire } from 'node:module';\nconst require = __tspackerCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

writeSdkModules();

// The executable: a shebang on the entry only (chunks are plain modules).
const entry = path.join(dist, 'tspacker.mjs');
fs.writeFileSync(entry, '#!/usr/bin/env node\n' + fs.readFileSync(entry, 'utf8'));
fs.chmodSync(entry, 0o755);

// TSPACKER_BUNDLE_META=1 node build.mjs: what each output chunk is made of (for start-up work).
if (result.metafile) console.log(await (await import('esbuild')).analyzeMetafile(result.metafile));
