// configDocs: Packer-style markdown for a spec (Required / Optional lists, Go type names, nested blocks).
import { attr, block, configDocs } from '@tspacker/sdk';

test('required entries first, then optional ones, with types, defaults, aliases, deprecations and nested blocks', () => {
  const spec = {
    ami_name: attr.string({ required: true, doc: 'The name of the resulting AMI.' }),
    ami_regions: attr.list(attr.string(), { doc: 'Regions to copy the AMI to.' }),
    ssh_timeout: attr.duration({ default: '5m', aliases: ['ssh_wait_timeout'], doc: 'How long to wait for SSH.' }),
    tags: attr.map(attr.string()),
    execute_command: attr.list(attr.string(), { interpolate: false, default: ['/bin/sh', '-c', '{{.Vars}} {{.Script}}'] }),
    old: attr.bool({ deprecated: 'Use `new`.' }),
    count: attr.int({ default: 1 }),
    launch_block_device_mappings: block.list(
      { device_name: attr.string({ required: true, doc: 'The device name.' }), volume_size: attr.int() },
      { doc: 'Extra volumes.\nOne block per volume.', maxItems: 4 },
    ),
    assume_role: block.single({}, { required: true }),
  };
  expect(configDocs(spec)).toBe(
    [
      '### Required',
      '',
      '- `ami_name` (string) - The name of the resulting AMI.',
      '- `assume_role` (block)',
      '',
      '### Optional',
      '',
      '- `ami_regions` ([]string) - Regions to copy the AMI to.',
      '- `ssh_timeout` (duration string | ex: "1h5m2s") - How long to wait for SSH. Defaults to `5m`. Also accepted under the deprecated name `ssh_wait_timeout`.',
      '- `tags` (map[string]string)',
      '- `execute_command` ([]string) - Defaults to `["/bin/sh","-c","{{.Vars}} {{.Script}}"]`. Not rendered as a `{{ }}` template when the configuration is prepared.',
      '- `old` (bool) - **Deprecated**: Use `new`.',
      '- `count` (int) - Defaults to `1`.',
      '- `launch_block_device_mappings` (block list, at most 4) - Extra volumes.',
      '  One block per volume.',
      '',
      '  - `device_name` (string) - The device name.',
      '  - `volume_size` (int)',
      '',
    ].join('\n'),
  );
});

test('an empty spec has no sections', () => {
  expect(configDocs({})).toBe('\n');
});
