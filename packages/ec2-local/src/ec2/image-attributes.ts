// DescribeImageAttribute and ModifyImageAttribute (description, launch permissions as ami_users/ami_groups
// share an image, product codes, IMDS support), deprecation and deregistration protection.
import { AwsError } from '../contracts.js';
import type { XmlObject } from '../query/xml.js';
import { checkId } from '../state/ids.js';
import { renderImageMappings } from './block-devices.js';
import { lookup, OK, type Ec2Actions } from './context.js';
import { launchable, ownImage } from './images.js';
import { applyPermissionChanges, checkAccountIds } from './snapshots.js';

export const imageAttributeActions: Ec2Actions = {
  DescribeImageAttribute(context) {
    const { params, region, store } = context;
    const id = params.required('ImageId');
    const attribute = params.required('Attribute');
    checkId('ami', id, 'InvalidAMIID.Malformed');
    const image = lookup(context, [id], region.images, 'InvalidAMIID.NotFound', 'image id')[0]!;
    if (!launchable(image, store.accountId)) throw new AwsError('InvalidAMIID.NotFound', `The image id '[${id}]' does not exist`);
    const own = image.ownerId === store.accountId;
    const answer = (body: XmlObject) => ({ imageId: image.id, ...body });
    switch (attribute) {
      case 'description':
        return answer({ description: image.description !== undefined ? { value: image.description } : {} });
      case 'launchPermission':
        if (!own) throw new AwsError('AuthFailure', `Not authorized for image:${id}`);
        return answer({ launchPermission: [...[...image.launchUserIds].map((userId) => ({ userId })), ...[...image.launchGroups].map((group) => ({ group }))] });
      case 'productCodes':
        return answer({ productCodes: image.productCodes.map((productCode) => ({ productCode, type: 'marketplace' })) });
      case 'blockDeviceMapping':
        return answer({ blockDeviceMapping: renderImageMappings(image.blockDevices) });
      case 'sriovNetSupport':
        return answer({ sriovNetSupport: image.sriovNetSupport !== undefined ? { value: image.sriovNetSupport } : {} });
      case 'bootMode':
        return answer({ bootMode: image.bootMode !== undefined ? { value: image.bootMode } : {} });
      case 'imdsSupport':
        return answer({ imdsSupport: image.imdsSupport !== undefined ? { value: image.imdsSupport } : {} });
      case 'deregistrationProtection':
        return answer({ deregistrationProtection: { value: image.deregistrationProtection ? 'enabled' : 'disabled' } });
      case 'kernel':
      case 'ramdisk':
        return answer({ [attribute]: {} });
      default:
        throw new AwsError('InvalidRequest', `Value (${attribute}) for parameter attribute is invalid. Unknown attribute.`);
    }
  },

  ModifyImageAttribute(context) {
    const { params } = context;
    const image = ownImage(context, params.required('ImageId'));
    const attribute = params.get('Attribute');
    const description = params.get('Description.Value') ?? (attribute === 'description' ? params.get('Value') : undefined);
    let changed = false;
    if (description !== undefined) {
      image.description = description;
      changed = true;
    }
    const userIds = new Set(image.launchUserIds);
    const groups = new Set(image.launchGroups);
    if (applyPermissionChanges(params, 'LaunchPermission', 'UserGroup', userIds, groups)) {
      checkAccountIds(userIds);
      for (const group of groups) if (group !== 'all') throw new AwsError('InvalidAMIAttributeItemValue', `Invalid attribute item value "${group}" for group item type.`);
      image.launchUserIds.clear();
      userIds.forEach((u) => image.launchUserIds.add(u));
      image.launchGroups.clear();
      groups.forEach((g) => image.launchGroups.add(g));
      image.isPublic = image.launchGroups.has('all');
      changed = true;
    }
    const productCodes = params.list('ProductCode');
    if (productCodes.length > 0) {
      image.productCodes = [...new Set([...image.productCodes, ...productCodes])];
      changed = true;
    }
    const imds = params.get('ImdsSupport.Value');
    if (imds !== undefined) {
      if (imds !== 'v2.0') throw new AwsError('InvalidParameterValue', `Value (${imds}) for parameter imdsSupport is invalid.`);
      image.imdsSupport = imds;
      changed = true;
    }
    if (!changed) throw new AwsError('MissingParameter', 'The request must contain an attribute to modify');
    return OK;
  },

  EnableImageDeprecation(context) {
    const image = ownImage(context, context.params.required('ImageId'));
    const at = new Date(context.params.required('DeprecateAt'));
    if (Number.isNaN(at.getTime())) throw new AwsError('InvalidParameterValue', 'Invalid DeprecateAt');
    image.deprecationTime = at;
    return OK;
  },

  DisableImageDeprecation(context) {
    const image = ownImage(context, context.params.required('ImageId'));
    image.deprecationTime = undefined;
    return OK;
  },

  EnableImageDeregistrationProtection(context) {
    const image = ownImage(context, context.params.required('ImageId'));
    image.deregistrationProtection = true;
    return { return: 'deregistration-protection-enabled' };
  },

  DisableImageDeregistrationProtection(context) {
    const image = ownImage(context, context.params.required('ImageId'));
    image.deregistrationProtection = false;
    return { return: 'deregistration-protection-disabled' };
  },
};
