// CreateSecurityGroup, DescribeSecurityGroups, Authorize/RevokeSecurityGroupIngress (and Egress),
// DeleteSecurityGroup (DependencyViolation while an instance still uses the group).
import { AwsError } from '../contracts.js';
import { compileFilters } from '../filters.js';
import type { QueryParams } from '../query/params.js';
import type { XmlObject } from '../query/xml.js';
import { checkId, newId } from '../state/ids.js';
import type { IpPermission, SecurityGroup } from '../state/resources.js';
import { checkTagSpecifications, lookup, OK, tagSet, tagsFor, type Ec2Action, type Ec2Actions, type Ec2Context } from './context.js';

function findGroup(context: Ec2Context): SecurityGroup {
  const { params, region } = context;
  const id = params.get('GroupId');
  if (id !== undefined) {
    checkId('sg', id, 'InvalidGroupId.Malformed');
    return lookup(context, [id], region.securityGroups, 'InvalidGroup.NotFound', 'security group')[0]!;
  }
  const name = params.get('GroupName');
  if (name === undefined) throw new AwsError('MissingParameter', 'The request must contain the parameter groupName or groupId');
  const group = [...region.securityGroups.values()].find((g) => g.name === name && g.vpcId === region.defaultVpc.id);
  if (!group) throw new AwsError('InvalidGroup.NotFound', `The security group '${name}' does not exist in default VPC '${region.defaultVpc.id}'`);
  return group;
}

/** `IpPermissions.N.*`, or the legacy top-level IpProtocol/FromPort/ToPort/CidrIp form. */
function permissionsOf(params: QueryParams, accountId: string): IpPermission[] {
  const structured = params.structs('IpPermissions').map((p) => {
    const protocol = p.get('IpProtocol');
    if (protocol === undefined) throw new AwsError('MissingParameter', 'The request must contain the parameter ipPermissions.ipProtocol');
    return {
      protocol: protocol === 'all' ? '-1' : protocol.toLowerCase(),
      fromPort: p.int('FromPort'),
      toPort: p.int('ToPort'),
      ipRanges: p.structs('IpRanges').map((r) => ({ cidr: r.required('CidrIp'), description: r.get('Description') })),
      ipv6Ranges: p.structs('Ipv6Ranges').map((r) => ({ cidr: r.required('CidrIpv6'), description: r.get('Description') })),
      groups: p.structs('Groups').map((g) => ({ groupId: g.required('GroupId'), userId: g.get('UserId') ?? accountId })),
    };
  });
  const legacyProtocol = params.get('IpProtocol');
  if (legacyProtocol !== undefined) {
    const cidr = params.get('CidrIp');
    structured.push({
      protocol: legacyProtocol === 'all' ? '-1' : legacyProtocol.toLowerCase(),
      fromPort: params.int('FromPort'),
      toPort: params.int('ToPort'),
      ipRanges: cidr !== undefined ? [{ cidr, description: undefined }] : [],
      ipv6Ranges: [],
      groups: [],
    });
  }
  if (structured.length === 0) throw new AwsError('MissingParameter', 'The request must contain the parameter ipPermissions');
  for (const p of structured) {
    if (!['tcp', 'udp', 'icmp', 'icmpv6', '-1'].includes(p.protocol) && !/^\d+$/.test(p.protocol)) {
      throw new AwsError('InvalidParameterValue', `Invalid value '${p.protocol}' for IP protocol. Unknown protocol.`);
    }
    for (const r of p.ipRanges) {
      if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(r.cidr)) throw new AwsError('InvalidParameterValue', `CIDR block ${r.cidr} is malformed`);
    }
  }
  return structured;
}

function sameRule(a: IpPermission, b: IpPermission): boolean {
  return a.protocol === b.protocol && a.fromPort === b.fromPort && a.toPort === b.toPort;
}

/** Adds each permission's ranges to the rule of the same protocol/ports; an exact duplicate is refused. */
function authorize(rules: IpPermission[], added: readonly IpPermission[]): void {
  for (const permission of added) {
    const existing = rules.find((r) => sameRule(r, permission));
    if (!existing) {
      rules.push(permission);
      continue;
    }
    const duplicate =
      permission.ipRanges.some((r) => existing.ipRanges.some((e) => e.cidr === r.cidr)) ||
      permission.ipv6Ranges.some((r) => existing.ipv6Ranges.some((e) => e.cidr === r.cidr)) ||
      permission.groups.some((g) => existing.groups.some((e) => e.groupId === g.groupId));
    if (duplicate) {
      const peer = permission.ipRanges[0]?.cidr ?? permission.groups[0]?.groupId;
      const rule = `peer: ${peer}, ${permission.protocol.toUpperCase()}, from port: ${permission.fromPort}, to port: ${permission.toPort}, ALLOW`;
      throw new AwsError('InvalidPermission.Duplicate', `the specified rule "${rule}" already exists`);
    }
    existing.ipRanges.push(...permission.ipRanges);
    existing.ipv6Ranges.push(...permission.ipv6Ranges);
    existing.groups.push(...permission.groups);
  }
}

function revoke(rules: IpPermission[], removed: readonly IpPermission[]): void {
  for (const permission of removed) {
    const existing = rules.find((r) => sameRule(r, permission));
    if (!existing) throw new AwsError('InvalidPermission.NotFound', 'The specified rule does not exist in this security group.');
    const drop = <T>(list: T[], keep: (item: T) => boolean) => list.splice(0, list.length, ...list.filter(keep));
    drop(existing.ipRanges, (r) => !permission.ipRanges.some((p) => p.cidr === r.cidr));
    drop(existing.ipv6Ranges, (r) => !permission.ipv6Ranges.some((p) => p.cidr === r.cidr));
    drop(existing.groups, (g) => !permission.groups.some((p) => p.groupId === g.groupId));
    if (existing.ipRanges.length + existing.ipv6Ranges.length + existing.groups.length === 0) rules.splice(rules.indexOf(existing), 1);
  }
}

function renderPermissions(rules: readonly IpPermission[]): XmlObject[] {
  return rules.map((r) => ({
    ipProtocol: r.protocol,
    fromPort: r.fromPort,
    toPort: r.toPort,
    groups: r.groups.map((g) => ({ groupId: g.groupId, userId: g.userId })),
    ipRanges: r.ipRanges.map((i) => ({ cidrIp: i.cidr, description: i.description })),
    ipv6Ranges: r.ipv6Ranges.map((i) => ({ cidrIpv6: i.cidr, description: i.description })),
    prefixListIds: [],
  }));
}

function changeRules(direction: 'ingress' | 'egress', change: typeof authorize): Ec2Action {
  return (context) => {
    const group = findGroup(context);
    change(group[direction], permissionsOf(context.params, context.store.accountId));
    return OK;
  };
}

export const securityGroupActions: Ec2Actions = {
  CreateSecurityGroup(context) {
    const { params, region } = context;
    const name = params.required('GroupName');
    const description = params.required('GroupDescription');
    if (name.length > 255 || name.startsWith('sg-')) throw new AwsError('InvalidParameterValue', `Invalid value '${name}' for groupName.`);
    if (name === 'default') throw new AwsError('InvalidGroup.Reserved', "The security group 'default' is reserved");
    const vpcId = params.get('VpcId') ?? region.defaultVpc.id;
    checkId('vpc', vpcId, 'InvalidVpcID.Malformed');
    if (!region.vpcs.has(vpcId)) throw new AwsError('InvalidVpcID.NotFound', `The vpc ID '${vpcId}' does not exist`);
    for (const group of region.securityGroups.values()) {
      if (group.name === name && group.vpcId === vpcId) {
        throw new AwsError('InvalidGroup.Duplicate', `The security group '${name}' already exists for VPC '${vpcId}'`);
      }
    }
    const specifications = params.tagSpecifications();
    checkTagSpecifications(specifications, ['security-group']);
    const group: SecurityGroup = {
      id: newId('sg'),
      name,
      description,
      vpcId,
      ownerId: context.store.accountId,
      ingress: [],
      egress: [{ protocol: '-1', ipRanges: [{ cidr: '0.0.0.0/0' }], ipv6Ranges: [], groups: [] }],
      tags: tagsFor(specifications, 'security-group'),
    };
    region.securityGroups.set(group.id, group);
    context.store.created(group.id);
    return { return: true, groupId: group.id, securityGroupArn: `arn:aws:ec2:${region.name}:${group.ownerId}:security-group/${group.id}`, tagSet: tagSet(group.tags) };
  },

  DescribeSecurityGroups(context) {
    const { params, region } = context;
    const ids = params.list('GroupId');
    ids.forEach((id) => checkId('sg', id, 'InvalidGroupId.Malformed'));
    const names = params.list('GroupName');
    let candidates = ids.length > 0 ? lookup(context, ids, region.securityGroups, 'InvalidGroup.NotFound', 'security group') : [...region.securityGroups.values()];
    if (names.length > 0) {
      for (const name of names) {
        if (!candidates.some((g) => g.name === name && g.vpcId === region.defaultVpc.id)) {
          throw new AwsError('InvalidGroup.NotFound', `The security group '${name}' does not exist in default VPC '${region.defaultVpc.id}'`);
        }
      }
      candidates = candidates.filter((g) => names.includes(g.name) && g.vpcId === region.defaultVpc.id);
    }
    const matches = compileFilters(params.filters(), {
      'group-id': (g: SecurityGroup) => g.id,
      'group-name': (g) => g.name,
      'vpc-id': (g) => g.vpcId,
      description: (g) => g.description,
      'owner-id': (g) => g.ownerId,
      'ip-permission.protocol': (g) => g.ingress.map((r) => r.protocol),
      'ip-permission.from-port': (g) => g.ingress.map((r) => r.fromPort),
      'ip-permission.to-port': (g) => g.ingress.map((r) => r.toPort),
      'ip-permission.cidr': (g) => g.ingress.flatMap((r) => r.ipRanges.map((i) => i.cidr)),
    }, (g) => g.tags);
    return {
      securityGroupInfo: candidates.filter(matches).map((g) => ({
        ownerId: g.ownerId,
        groupId: g.id,
        groupName: g.name,
        groupDescription: g.description,
        vpcId: g.vpcId,
        securityGroupArn: `arn:aws:ec2:${region.name}:${g.ownerId}:security-group/${g.id}`,
        ipPermissions: renderPermissions(g.ingress),
        ipPermissionsEgress: renderPermissions(g.egress),
        tagSet: tagSet(g.tags),
      })),
    };
  },

  AuthorizeSecurityGroupIngress: changeRules('ingress', authorize),
  AuthorizeSecurityGroupEgress: changeRules('egress', authorize),
  RevokeSecurityGroupIngress: changeRules('ingress', revoke),
  RevokeSecurityGroupEgress: changeRules('egress', revoke),

  DeleteSecurityGroup(context) {
    const { region } = context;
    const group = findGroup(context);
    if (group.name === 'default') throw new AwsError('CannotDelete', `the specified group: "${group.id}" name: "default" cannot be deleted by a user`);
    for (const instance of region.instances.values()) {
      if (instance.state !== 'terminated' && instance.securityGroups.some((g) => g.id === group.id)) {
        throw new AwsError('DependencyViolation', `resource ${group.id} has a dependent object`);
      }
    }
    for (const other of region.securityGroups.values()) {
      if (other !== group && [...other.ingress, ...other.egress].some((r) => r.groups.some((g) => g.groupId === group.id))) {
        throw new AwsError('DependencyViolation', `resource ${group.id} has a dependent object`);
      }
    }
    region.securityGroups.delete(group.id);
    return OK;
  },
};
