// Block device mappings from HCL to the EC2 API form RunInstances and CreateImage send (Packer's
// BuildEC2BlockDeviceMapping): only what is set, IOPS only for io1/io2/gp3, throughput only for gp3.
import { toEc2BlockDeviceMappings } from '../src/common/block-devices.js';
import type { EbsConfig } from '../src/ebs/config.js';
import { attrs, BASE, ebsTemplate, scratch, validateFile } from './config-helpers.js';

const s = scratch();
afterAll(() => s.cleanup());

async function launchMappings(blocks: string): Promise<EbsConfig['launch_block_device_mappings']> {
  const file = s.write('bd.pkr.hcl', ebsTemplate(attrs(BASE) + blocks));
  const v = await validateFile(file);
  expect(v.errors).toEqual([]);
  return (v.builds[0]!.builderConfig as unknown as EbsConfig).launch_block_device_mappings;
}

const mapping = (body: string) => `  launch_block_device_mappings {\n${body}  }\n`;

test('each kind of mapping', async () => {
  const m = await launchMappings(
    mapping('    device_name = "/dev/sda1"\n    volume_size = 20\n    volume_type = "gp3"\n    iops = 4000\n    throughput = 250\n    delete_on_termination = true\n') +
      mapping('    device_name = "/dev/sdb"\n    volume_type = "gp2"\n    iops = 300\n    encrypted = true\n    kms_key_id = "alias/k"\n    snapshot_id = "snap-1"\n') +
      mapping('    device_name = "/dev/sdc"\n    volume_type = "io2"\n    volume_size = 10\n    iops = 1000\n    encrypted = false\n') +
      mapping('    device_name = "xvdca"\n    virtual_name = "ephemeral0"\n') +
      mapping('    device_name = "xvdcb"\n    virtual_name = "swap"\n') +
      mapping('    device_name = "/dev/sdd"\n    no_device = true\n    volume_size = 5\n') +
      mapping('    device_name = "/dev/sde"\n'),
  );
  expect(toEc2BlockDeviceMappings(m)).toEqual([
    {
      DeviceName: '/dev/sda1',
      Ebs: { DeleteOnTermination: true, VolumeType: 'gp3', VolumeSize: 20, Iops: 4000, Throughput: 250 },
    },
    // gp2: the IOPS are not sent; unset volume size is left to the snapshot.
    {
      DeviceName: '/dev/sdb',
      Ebs: { DeleteOnTermination: false, VolumeType: 'gp2', SnapshotId: 'snap-1', Encrypted: true, KmsKeyId: 'alias/k' },
    },
    { DeviceName: '/dev/sdc', Ebs: { DeleteOnTermination: false, VolumeType: 'io2', VolumeSize: 10, Iops: 1000, Encrypted: false } },
    { DeviceName: 'xvdca', VirtualName: 'ephemeral0' },
    // Packer sends only instance store names; another virtual name leaves the bare device.
    { DeviceName: 'xvdcb' },
    { DeviceName: '/dev/sdd', NoDevice: '' },
    // Encryption unset: no Encrypted field, so the account / snapshot default applies.
    { DeviceName: '/dev/sde', Ebs: { DeleteOnTermination: false } },
  ]);
});

test('no mappings, no list entries', () => {
  expect(toEc2BlockDeviceMappings([])).toEqual([]);
});
