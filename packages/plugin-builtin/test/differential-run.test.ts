// Differential: the same small build (file builder, shell-local provisioner, manifest, checksum, compress,
// shell-local and artifice post-processors) by `packer build` 1.6.6 and by these components, comparing the files
// produced (manifest modulo build_time/packer_run_uuid, checksum files, archive contents) and key output lines.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Artifact, BuildContext } from '@tspacker/sdk';
import { fileBuilder } from '../src/builders/file.js';
import { nullBuilder } from '../src/builders/null.js';
import { breakpointProvisioner } from '../src/provisioners/breakpoint.js';
import { shellLocalProvisioner } from '../src/provisioners/shell-local.js';
import { manifestPostProcessor } from '../src/post-processors/manifest.js';
import { checksumPostProcessor } from '../src/post-processors/checksum.js';
import { compressPostProcessor } from '../src/post-processors/compress.js';
import { shellLocalPostProcessor } from '../src/post-processors/shell-local.js';
import { artificePostProcessor } from '../src/post-processors/artifice.js';
import { tempDir } from '../../../test/support/temp-dir.js';
import { recordingUi } from './recording-ui.js';
import { fileCore, postProcess, preparedConfig } from './run-helpers.js';

const SOURCE = 'target = "out/hello.txt"\ncontent = "hello\\n"';
const PROVISIONER = 'inline = ["echo one", "echo PB=$PACKER_BUILD_NAME $PACKER_BUILDER_TYPE $FOO"]\nenvironment_vars = ["FOO=it\'s"]';
const MANIFEST = 'output = "out/manifest.json"\ncustom_data = { k = "v" }';
const CHECKSUM = 'checksum_types = ["md5", "sha256"]\noutput = "out/{{.BuildName}}_{{.ChecksumType}}.sum"';
const TAR = 'output = "out/{{.BuildName}}.tar.gz"';
const ZIP = 'output = "out/a.zip"';
const PP_SHELL = 'inline = ["echo pp $PACKER_BUILD_NAME"]';
const ARTIFICE = 'files = ["out/*.sum"]';

const TEMPLATE = `source "file" "a" {\n${SOURCE}\n}
build {
  sources = ["source.file.a"]
  provisioner "shell-local" {\n${PROVISIONER}\n}
  post-processors {
    post-processor "manifest" {\n${MANIFEST}\n}
    post-processor "checksum" {\n${CHECKSUM}\n}
    post-processor "compress" {\n${TAR}\nkeep_input_artifact = true\n}
  }
  post-processors {
    post-processor "compress" {\n${ZIP}\nkeep_input_artifact = true\n}
  }
  post-processors {
    post-processor "shell-local" {\n${PP_SHELL}\n}
    post-processor "artifice" {\n${ARTIFICE}\n}
  }
}
`;

/** What the directory holds after a build, in comparable form. */
function results(dir: string) {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'out/manifest.json'), 'utf8'));
  for (const b of manifest.builds) {
    expect(b.build_time).toBeGreaterThan(1_600_000_000);
    delete b.build_time;
    b.packer_run_uuid = typeof b.packer_run_uuid;
  }
  manifest.last_run_uuid = typeof manifest.last_run_uuid;
  const run = (cmd: string, ...args: string[]) => execFileSync(cmd, args, { cwd: dir, encoding: 'utf8' });
  return {
    files: fs.readdirSync(path.join(dir, 'out')).sort(),
    manifest,
    md5: fs.readFileSync(path.join(dir, 'out/a_md5.sum'), 'utf8'),
    sha256: fs.readFileSync(path.join(dir, 'out/a_sha256.sum'), 'utf8'),
    tar: run('tar', 'tzvf', 'out/a.tar.gz').replace(/\s+/g, ' '),
    zip: run('unzip', '-Z1', 'out/a.zip'),
    zipped: run('unzip', '-p', 'out/a.zip', 'out/hello.txt'),
  };
}

async function ourBuild(dir: string): Promise<string[]> {
  const lines: string[] = [];
  const ui = recordingUi();
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    const ctx: BuildContext = {
      ui,
      signal: new AbortController().signal,
      provision: (_comm, generatedData) =>
        shellLocalProvisioner.provision(preparedConfig(shellLocalProvisioner, PROVISIONER), {
          ui,
          signal: new AbortController().signal,
          communicator: undefined,
          generatedData,
        }),
    };
    const artifact = (await fileBuilder.run(preparedConfig(fileBuilder, SOURCE), ctx))!;
    const chain = async (steps: [typeof manifestPostProcessor | typeof checksumPostProcessor | typeof compressPostProcessor | typeof shellLocalPostProcessor | typeof artificePostProcessor, string][]) => {
      let current: Artifact = artifact;
      for (const [component, text] of steps) {
        const { ui: ppUi, result } = await postProcess(component as typeof manifestPostProcessor, text, current, fileCore);
        lines.push(...ppUi.lines);
        current = result.artifact;
      }
    };
    await chain([[manifestPostProcessor, MANIFEST], [checksumPostProcessor, CHECKSUM], [compressPostProcessor, TAR]]);
    await chain([[compressPostProcessor, ZIP]]);
    await chain([[shellLocalPostProcessor, PP_SHELL], [artificePostProcessor, ARTIFICE]]);
  } finally {
    process.chdir(cwd);
  }
  return [...ui.lines, ...lines];
}

test('file builder and post-processors produce what packer 1.6.6 produces', async () => {
  const packerDir = tempDir({ 'build.pkr.hcl': TEMPLATE });
  const packer = spawnSync('packer', ['build', '-color=false', 'build.pkr.hcl'], {
    cwd: packerDir,
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1', PACKER_LOG: '' },
  });
  const output = packer.stdout;
  expect(output).toContain("Build 'file.a' finished");
  const oursDir = tempDir();
  process.env['PACKER_RUN_UUID'] = 'run-x';
  const ourLines = await ourBuild(oursDir);

  expect(results(oursDir)).toEqual(results(packerDir));

  // Packer 1.6.6 prints Message lines indented and Say/Error lines with "==>"; ours are recorded by kind.
  const packerLines = output.split('\n');
  const text = (l: string) => l.replace(/^(==> |    )file\.a( \([a-z-]+\))?: /, '');
  const said = packerLines.filter((l) => l.startsWith('==> file.a')).map(text).filter((l) => !l.startsWith('Running post-processor') && !l.startsWith('Running local shell script'));
  const messages = packerLines.filter((l) => l.startsWith('    file.a')).map(text);
  expect(ourLines.filter((l) => l.startsWith('message: ')).map((l) => l.slice(9))).toEqual(messages);
  expect(
    ourLines
      .filter((l) => l.startsWith('say: ') && !l.startsWith('say: Running local shell script'))
      .map((l) => l.slice(5).replace(oursDir, packerDir))
      .map((l) => l.replace(/with \d+ cores/, 'with N cores')),
  ).toEqual(said.map((l) => l.replace(/with \d+ cores/, 'with N cores')));
});

const NULL_PROVISIONER = 'inline = ["echo \\"[$PACKER_BUILD_NAME] [$PACKER_BUILDER_TYPE] [$PACKER_HTTP_ADDR]\\""]';
const NULL_TEMPLATE = `source "null" "n" {\ncommunicator = "none"\n}
build {
  sources = ["source.null.n"]
  provisioner "breakpoint" {\ndisable = true\nnote = "n1"\n}
  provisioner "shell-local" {\n${NULL_PROVISIONER}\n}
  post-processor "manifest" {\noutput = "m.json"\nstrip_time = true\n}
}
`;

test('null builder with communicator none, provisioners and manifest as packer 1.6.6', async () => {
  const packerDir = tempDir({ 'build.pkr.hcl': NULL_TEMPLATE });
  const packer = spawnSync('packer', ['build', '-color=false', 'build.pkr.hcl'], { cwd: packerDir, encoding: 'utf8' });
  expect(packer.stdout).toContain("Build 'null.n' finished");

  const oursDir = tempDir();
  const core = { ...fileCore, buildName: 'n', builderType: 'null' };
  const ui = recordingUi();
  const signal = new AbortController().signal;
  const artifact = (await nullBuilder.run(preparedConfig(nullBuilder, 'communicator = "none"', core), {
    ui,
    signal,
    provision: async (communicator, generatedData) => {
      await breakpointProvisioner.provision(preparedConfig(breakpointProvisioner, 'disable = true\nnote = "n1"', core), { ui, signal, communicator, generatedData });
      await shellLocalProvisioner.provision(preparedConfig(shellLocalProvisioner, NULL_PROVISIONER, core), { ui, signal, communicator, generatedData });
    },
  }))!;
  await postProcess(manifestPostProcessor, `output = "${oursDir}/m.json"\nstrip_time = true`, artifact, core);

  const manifest = (dir: string) => fs.readFileSync(path.join(dir, 'm.json'), 'utf8').replace(/"[0-9a-f-]{36}"|"run-x"/g, '"UUID"');
  expect(manifest(oursDir)).toBe(manifest(packerDir));
  const packerLines = packer.stdout.split('\n').filter((l) => /^(==> |    )null\.n: /.test(l) && !l.includes('Running local shell script') && !l.includes('Running post-processor'));
  const ours = ui.lines.filter((l) => !l.includes('Running local shell script')).map((l) => l.replace(/^say: /, '==> null.n: ').replace(/^message: /, '    null.n: '));
  expect(ours).toEqual(packerLines);
});
