// StepModifyAMIAttributes: the description (rendered with the build info), launch permissions (ami_users,
// ami_groups, ami_org_arns, ami_ou_arns), product codes and IMDS support of every AMI, one ModifyImageAttribute
// per option, and the create-volume permissions (snapshot_users, snapshot_groups) of every snapshot.
import { ModifyImageAttributeCommand, ModifySnapshotAttributeCommand, type ModifyImageAttributeCommandInput, type ModifySnapshotAttributeCommandInput, type PermissionGroup } from '@aws-sdk/client-ec2';
import type { Step } from '@tspacker/sdk';
import { awsErrorText } from '../../common/aws-errors.js';
import { renderBuildText } from '../../common/tags.js';
import type { EbsState } from '../state.js';

type ImageChange = Omit<ModifyImageAttributeCommandInput, 'ImageId'>;
type SnapshotChange = Omit<ModifySnapshotAttributeCommandInput, 'SnapshotId'>;

/** The image changes by Packer's option names, in Packer's order of building them. */
export function imageChanges(c: EbsState['config'], description: string): [string, ImageChange][] {
  const changes: [string, ImageChange][] = [];
  if (description !== '') changes.push(['description', { Description: { Value: description } }]);
  if (c.ami_groups.length > 0) {
    changes.push(['groups', { UserGroups: [...c.ami_groups], LaunchPermission: { Add: c.ami_groups.map((g) => ({ Group: g as PermissionGroup })) } }]);
  }
  if (c.ami_users.length > 0) {
    changes.push(['users', { UserIds: [...c.ami_users], LaunchPermission: { Add: c.ami_users.map((u) => ({ UserId: u })) } }]);
  }
  if (c.ami_org_arns.length > 0) {
    changes.push(['ami org arns', { OrganizationArns: [...c.ami_org_arns], LaunchPermission: { Add: c.ami_org_arns.map((a) => ({ OrganizationArn: a })) } }]);
  }
  if (c.ami_ou_arns.length > 0) {
    changes.push([
      'ami ou arns',
      { OrganizationalUnitArns: [...c.ami_ou_arns], LaunchPermission: { Add: c.ami_ou_arns.map((a) => ({ OrganizationalUnitArn: a })) } },
    ]);
  }
  if (c.ami_product_codes.length > 0) changes.push(['product codes', { ProductCodes: [...c.ami_product_codes] }]);
  if (c.imds_support !== '') changes.push(['imds_support', { ImdsSupport: { Value: c.imds_support } }]);
  return changes;
}

/** The snapshot changes by Packer's option names. */
export function snapshotChanges(c: EbsState['config']): [string, SnapshotChange][] {
  const changes: [string, SnapshotChange][] = [];
  if (c.snapshot_groups.length > 0) {
    changes.push([
      'groups',
      { GroupNames: [...c.snapshot_groups], CreateVolumePermission: { Add: c.snapshot_groups.map((g) => ({ Group: g as PermissionGroup })) } },
    ]);
  }
  if (c.snapshot_users.length > 0) {
    changes.push(['users', { UserIds: [...c.snapshot_users], CreateVolumePermission: { Add: c.snapshot_users.map((u) => ({ UserId: u })) } }]);
  }
  return changes;
}

export const stepModifyAMIAttributes: Step<EbsState> = {
  name: 'StepModifyAMIAttributes',
  async run(state, { ui, signal }) {
    const c = state.config;
    if (c.skip_create_ami) {
      ui.say('Skipping AMI modify attributes...');
      return 'continue';
    }
    const wanted =
      c.ami_description !== '' ||
      [c.ami_users, c.ami_groups, c.ami_org_arns, c.ami_ou_arns, c.ami_product_codes, c.snapshot_users, c.snapshot_groups].some((l) => l.length > 0) ||
      c.imds_support !== '';
    if (!wanted) return 'continue';
    let description: string;
    try {
      description = renderBuildText(state, c.ami_description);
    } catch (e) {
      throw new Error(`Error interpolating AMI description: ${(e as Error).message}`);
    }
    const images = imageChanges(c, description);
    const snapshots = snapshotChanges(c);

    for (const [region, ami] of [...state.amis].sort()) {
      ui.say(`Modifying attributes on AMI (${ami})...`);
      const ec2 = state.session.ec2(region);
      for (const [name, change] of images) {
        ui.say(`Modifying: ${name}`);
        try {
          await ec2.send(new ModifyImageAttributeCommand({ ...change, ImageId: ami }), { abortSignal: signal });
        } catch (e) {
          throw new Error(`Error modify AMI attributes: ${awsErrorText(e)}`);
        }
      }
    }
    if (snapshots.length === 0) return 'continue';
    for (const [region, ids] of [...state.snapshots].sort(([a], [b]) => a.localeCompare(b))) {
      const ec2 = state.session.ec2(region);
      for (const snapshot of ids) {
        ui.say(`Modifying attributes on snapshot (${snapshot})...`);
        for (const [name, change] of snapshots) {
          ui.message(`Modifying: ${name}`);
          try {
            await ec2.send(new ModifySnapshotAttributeCommand({ ...change, SnapshotId: snapshot }), { abortSignal: signal });
          } catch (e) {
            throw new Error(`Error modify snapshot attributes: ${awsErrorText(e)}`);
          }
        }
      }
    }
    return 'continue';
  },
};
