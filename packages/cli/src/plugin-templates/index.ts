// The files of a plugin package made by `tspacker plugins new KIND NAME`: a complete, tested npm package
// `tspacker-plugin-NAME` with one component of KIND registered under the plugin's name. The README's
// configuration section is rendered here with the SDK's configDocs from the component's configSpec, exactly as the
// package's own `npm run docs` renders it later (its tests compare the two).
import { attr, block, configDocs, SDK_VERSION_MAJOR, type ConfigSpec } from '@tspacker/sdk';
import { builderTemplate } from './builder.js';
import { docsScriptTemplate, gitignoreTemplate, indexTemplate, readmeTemplate } from './common.js';
import { dataSourceTemplate } from './data-source.js';
import { fill, type PluginNames } from './fill.js';
import type { KindTemplate, PluginKind } from './kind.js';
import { postProcessorTemplate } from './post-processor.js';
import { provisionerTemplate } from './provisioner.js';

export type { PluginKind } from './kind.js';
export { pluginNames, type PluginNames } from './fill.js';

export const kindTemplates: ReadonlyMap<PluginKind, KindTemplate> = new Map(
  [provisionerTemplate, builderTemplate, postProcessorTemplate, dataSourceTemplate].map((t) => [t.kind, t]),
);

/** The version range of @tspacker/sdk a plugin for SDK major `major` accepts (0.x releases are major 1). */
export function sdkRange(major: string): string {
  const next = Number(major) + 1;
  return major === '1' ? `>=0.1.0 <${next}` : `>=${major}.0.0 <${next}`;
}

/** The package's files, by path (with `/`), in the order they are written. */
export function pluginFiles(kind: PluginKind, names: PluginNames): [string, string][] {
  const t = kindTemplates.get(kind)!;
  const component = `${names.camel}${t.componentSuffix}`;
  const values: Record<string, string> = {
    NAME: names.name,
    PACKAGE: names.packageName,
    CAMEL: names.camel,
    PASCAL: names.pascal,
    KIND: t.kind.replace('-', ' '),
    FILE: t.file,
    COMPONENT: component,
    MANIFEST_KEY: t.manifestKey,
    SDK_MAJOR: SDK_VERSION_MAJOR,
  };
  // Placeholders inside placeholder values are filled first (fill makes a single pass).
  values.USE = fill(t.use, values);
  values.DOCS_EXPRESSION = fill(t.docsExpression, values);
  const componentText = fill(t.component, values);
  const readme = fill(readmeTemplate, {
    ...values,
    DESCRIPTION: t.description,
    USAGE: fill(t.usage, values).trimEnd(),
    DOCS: documentation(t, componentText, names),
  });
  const files: [string, string][] = [
    ['package.json', packageJson(t, names)],
    ['index.js', fill(indexTemplate, values)],
    ['index.d.ts', fill(t.types, values)],
    [t.file, componentText],
    ['README.md', readme],
    ['scripts/docs.js', fill(docsScriptTemplate, values)],
    [`test/${names.name}.test.js`, fill(t.test, values)],
    ['example/build.pkr.hcl', fill(t.example, values)],
    ...(t.extraFiles ?? []).map(([p, text]): [string, string] => [p, fill(text, values)]),
    ['.gitignore', gitignoreTemplate],
  ];
  return files;
}

function packageJson(t: KindTemplate, names: PluginNames): string {
  const range = sdkRange(SDK_VERSION_MAJOR);
  const pkg = {
    name: names.packageName,
    version: '0.1.0',
    description: t.description,
    type: 'module',
    exports: { '.': { types: './index.d.ts', import: './index.js' } },
    files: ['index.js', 'index.d.ts', t.file, 'example'],
    scripts: { test: 'node --test test/', docs: 'node scripts/docs.js' },
    keywords: ['tspacker', 'tspacker-plugin', `tspacker-${t.kind}`],
    peerDependencies: { '@tspacker/sdk': range },
    devDependencies: { '@tspacker/sdk': range },
    engines: { node: '>=20' },
  };
  return JSON.stringify(pkg, null, 2) + '\n';
}

/**
 * The README's configuration section: the component's spec objects (evaluated from the component's own text, so
 * that there is one source) rendered by the docs expression scripts/docs.js runs.
 */
function documentation(t: KindTemplate, componentText: string, names: PluginNames): string {
  const component = {
    configSpec: specFromSource(componentText, `${names.camel}ConfigSpec`),
    outputSpec: t.kind === 'data-source' ? specFromSource(componentText, `${names.camel}OutputSpec`) : undefined,
  };
  const render = new Function('configDocs', 'component', `return ${t.docsExpression.replaceAll('__COMPONENT__', 'component')};`) as (
    docs: typeof configDocs,
    c: typeof component,
  ) => string;
  return render(configDocs, component);
}

/** Evaluates `export const NAME = { attr.… };` of a component's text with the SDK's attr and block. */
function specFromSource(text: string, name: string): ConfigSpec {
  const start = text.indexOf(`export const ${name} = {`);
  const end = text.indexOf('\n};\n', start);
  if (start < 0 || end < 0) throw new Error(`plugin template: no ${name} in the component`);
  const literal = text.slice(text.indexOf('{', start), end + 2);
  return new Function('attr', 'block', `return (${literal});`)(attr, block) as ConfigSpec;
}
