// validate must not load the AWS SDK: the data source components and the secrets lookup are imported by every
// command, so none of their static imports may reach @aws-sdk/* (execute loads it with import(), and the lookup
// only in its worker thread). Walks the static import graph of the sources.
import fs from 'node:fs';
import path from 'node:path';

const src = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../src');

/** Module specifiers a source file imports statically (type-only imports excluded: they vanish when compiled). */
function staticImports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specifiers: string[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm)) {
    if (m[2] === undefined) specifiers.push(m[3]!);
  }
  return specifiers;
}

/** The static import chains from `entry` that reach `@aws-sdk/` (within this package; other packages are leaves). */
function sdkChains(entry: string): string[] {
  const chains: string[] = [];
  const seen = new Set<string>();
  const visit = (file: string, chain: string[]) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of staticImports(file)) {
      if (spec.startsWith('@aws-sdk/')) chains.push([...chain, spec].join(' → '));
      else if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')), [...chain, spec]);
    }
  };
  visit(path.join(src, entry), [entry]);
  return chains;
}

test.each(['datasources/ami.ts', 'datasources/secretsmanager.ts', 'datasources/parameterstore.ts', 'secrets/provider.ts'])(
  '%s does not load the AWS SDK statically',
  (entry) => {
    expect(sdkChains(entry)).toEqual([]);
  },
);

test('the walk sees static SDK imports where there are some', () => {
  expect(sdkChains('datasources/read-secret.ts')).toContain('datasources/read-secret.ts → @aws-sdk/client-secrets-manager');
  expect(sdkChains('secrets/worker.ts')).toContain('secrets/worker.ts → @aws-sdk/client-secrets-manager');
});
