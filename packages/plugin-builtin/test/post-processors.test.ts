import {
  artificePostProcessor,
  checksumPostProcessor,
  compressPostProcessor,
  detectCompression,
  manifestPostProcessor,
  prepareErrorText,
  shellLocalPostProcessor,
} from '@tspacker/plugin-builtin';
import type { ConfigSpec, PostProcessorComponent } from '@tspacker/sdk';
import { configFromHcl, testCore } from './helpers.js';

function prepared<S extends ConfigSpec>(component: PostProcessorComponent<S>, text: string) {
  const config = configFromHcl(component.configSpec, text);
  return { config, result: component.prepare(config, testCore) };
}

test('manifest: output defaults, also when set empty', () => {
  expect(prepared(manifestPostProcessor, '').config.output).toBe('packer-manifest.json');
  const { config, result } = prepared(manifestPostProcessor, 'output = ""\ncustom_data = { k = "v" }\n');
  expect([result, config.output, config.custom_data]).toEqual([{}, 'packer-manifest.json', { k: 'v' }]);
});

test('checksum: md5 by default; unknown types', () => {
  const { config, result } = prepared(checksumPostProcessor, '');
  expect([result, config.checksum_types]).toEqual([{}, ['md5']]);
  expect(config.output).toBe('packer_{{.BuildName}}_{{.BuilderType}}_{{.ChecksumType}}.checksum');
  expect(prepareErrorText(prepared(checksumPostProcessor, 'checksum_types = ["sha1", "SHA256", "crc"]\n').result)).toBe(
    '2 error(s) occurred:\n\n* Unrecognized checksum type: SHA256\n* Unrecognized checksum type: crc',
  );
  expect(checksumPostProcessor.configSpec.output.interpolate).toBe(false);
});

test('compress: level clamped, default level, formats from the name', () => {
  const high = prepared(compressPostProcessor, 'compression_level = 12\noutput = "out.tar.gz"\n').config;
  expect([high.compression_level, high.archive, high.algorithm]).toEqual([9, 'tar', 'pgzip']);
  const zero = prepared(compressPostProcessor, 'compression_level = 0\n').config;
  expect([zero.compression_level, zero.output, zero.archive, zero.algorithm]).toEqual([-1, 'packer_{{.BuildName}}_{{.BuilderType}}', 'tar', 'pgzip']);
  const cases: [string, string, string, string][] = [
    ['a.zip', '', 'zip', ''],
    ['a.tar', '', 'tar', ''],
    ['a.lz4', '', '', 'lz4'],
    ['a.tar.xz', '', 'tar', 'xz'],
    ['a', 'tar.bzip2', 'tar', 'bzip2'],
    ['a.tar.rar', '', 'tar', 'pgzip'],
    ['noext', '', 'tar', 'pgzip'],
  ];
  for (const [output, format, archive, algorithm] of cases) {
    const c = { output, format, archive: '', algorithm: '' };
    detectCompression(c);
    expect([output, c.archive, c.algorithm]).toEqual([output, archive, algorithm]);
  }
});

test('artifice: files required, as a plain error', () => {
  expect(prepared(artificePostProcessor, '').result).toEqual({ error: 'No files specified in artifice configuration' });
  expect(prepared(artificePostProcessor, 'files = ["a"]\n').result).toEqual({});
});

test('shell-local post-processor: a one-element execute_command runs through sh -c', () => {
  const { config, result } = prepared(shellLocalPostProcessor, 'inline = ["x"]\nexecute_command = ["echo {{.Script}}"]\n');
  expect([result, config.execute_command]).toEqual([{}, ['sh', '-c', 'echo {{.Script}}']]);
  expect(prepared(shellLocalPostProcessor, '').result.errors).toEqual(['Command, Inline, Script and Scripts options cannot all be empty.']);
});

test('output templates that do not parse (the check after decoding)', () => {
  const checksum = configFromHcl(checksumPostProcessor.configSpec, '');
  checksum.output = 'x_{{ nosuchfunc }}';
  expect(checksumPostProcessor.prepare(checksum, testCore).errors).toEqual([
    'Error parsing target template: template: root:1: function "nosuchfunc" not defined',
  ]);
  const compress = configFromHcl(compressPostProcessor.configSpec, '');
  compress.output = 'x_{{ .BuildName ';
  expect(compressPostProcessor.prepare(compress, testCore).errors).toEqual([
    'Error parsing target template: template: root:1: unclosed action',
  ]);
  const manifest = configFromHcl(manifestPostProcessor.configSpec, '');
  manifest.output = '{{ end }}';
  expect(manifestPostProcessor.prepare(manifest, testCore)).toEqual({
    error: 'Error parsing target template: template: root:1: unexpected {{end}}',
  });
});
