// The reference pages of the built-in components (docs/<kind>/<type>.md): a title, what the component does,
// and its configuration as configDocs renders it. scripts/write-docs.mjs writes them; a test keeps them current.
import { configDocs, type ConfigSpec } from '@tspacker/sdk';
import { builtinComponents } from './index.js';

const SUMMARIES: Readonly<Record<string, string>> = {
  'builders/null': 'Creates no machine: connects its communicator to an existing host (or none) so provisioners can run. Artifact id `Null`.',
  'builders/file': 'Writes `content`, or copies `source`, to `target`; the file is the artifact.',
  'provisioners/shell-local': 'Runs commands or scripts on the machine running Packer.',
  'provisioners/file': 'Uploads files, directories or text to the machine, or downloads from it.',
  'provisioners/shell': 'Uploads shell scripts (or inline commands) and runs them on the machine.',
  'provisioners/breakpoint': 'Pauses the build until enter is pressed.',
  'provisioners/sleep': 'Waits for a while.',
  'provisioners/windows-restart': 'Restarts a Windows machine and waits for it to come back.',
  'provisioners/windows-shell': 'Runs batch scripts (or inline commands) on a Windows machine.',
  'provisioners/powershell': 'Runs PowerShell scripts (or inline commands) on a Windows machine, optionally elevated.',
  'post-processors/manifest': 'Appends an entry for each build to a JSON manifest file.',
  'post-processors/checksum': 'Writes checksums of the artifact files.',
  'post-processors/compress': 'Archives and/or compresses the artifact files.',
  'post-processors/shell-local': 'Runs commands or scripts on the machine running Packer after the build; keeps its input artifact.',
  'post-processors/artifice': 'Replaces the artifact with the listed files.',
  'data-sources/null': 'Returns its `input` as `output`.',
  'data-sources/http': 'Requests a URL and returns the response body and headers.',
};

const TITLES: Readonly<Record<string, string>> = {
  builders: 'builder',
  provisioners: 'provisioner',
  'post-processors': 'post-processor',
  'data-sources': 'data source',
};

export interface DocsPage {
  /** Relative to the package's docs/ directory. */
  readonly path: string;
  readonly text: string;
}

/** Every built-in component's reference page. */
export function builtinDocsPages(): DocsPage[] {
  const registry = builtinComponents();
  const kinds: [string, ReadonlyMap<string, { configSpec: ConfigSpec; outputSpec?: ConfigSpec }>][] = [
    ['builders', registry.builders],
    ['provisioners', registry.provisioners],
    ['post-processors', registry.postProcessors],
    ['data-sources', registry.dataSources],
  ];
  return kinds.flatMap(([kind, components]) =>
    [...components].map(([type, component]) => {
      const key = `${kind}/${type}`;
      let text = `# \`${type}\` ${TITLES[kind]}\n\n${SUMMARIES[key] ?? ''}\n\n## Configuration\n\n${configDocs(component.configSpec)}`;
      if (component.outputSpec) text += `\n## Output\n\n${configDocs(component.outputSpec)}`;
      return { path: `${key}.md`, text };
    }),
  );
}
