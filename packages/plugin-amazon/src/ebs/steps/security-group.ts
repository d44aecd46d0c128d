// StepSecurityGroup: the groups the instance joins — security_group_ids as given (checked to exist), those
// security_group_filter finds in the VPC, or a temporary group (CreateSecurityGroup, wait until visible, open the
// communicator port to temporary_security_group_source_cidrs or to this host's public IP), deleted by the cleanup.
import { isIP } from 'node:net';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
} from '@aws-sdk/client-ec2';
import { communicatorPort, timeOrderedUUID, type Step } from '@tspacker/sdk';
import { ec2Filters } from '../../common/ami-filter.js';
import { awsErrorCode, awsErrorText } from '../../common/aws-errors.js';
import { retry } from '../../common/retry.js';
import { waitSecurityGroupExists } from '../../common/wait.js';
import { renderTagsOrFail, tagEntries, withRunIdTag } from '../../common/tags.js';
import type { EbsState } from '../state.js';
import { isRestrictedRegion } from '../../common/regions.js';

const CHECK_IP_URL = 'https://checkip.amazonaws.com';

/** Packer's CheckPublicIp: this host's public address as checkip.amazonaws.com sees it. */
export async function checkPublicIp(signal: AbortSignal, url = CHECK_IP_URL): Promise<string> {
  try {
    let response: Response;
    try {
      response = await fetch(url, { signal });
    } catch (e) {
      throw new Error(`GET failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (response.status !== 200) throw new Error(`received status ${response.status}`);
    const body = (await response.text()).trim();
    if (isIP(body) === 0) throw new Error(`failed to parse response body: ${body}`);
    return body;
  } catch (e) {
    throw new Error(`failed to get current host's public ip: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** 4 or 6 for a valid CIDR (Go's net.ParseCIDR), else throws its error. */
export function cidrFamily(cidr: string): 4 | 6 {
  const slash = cidr.indexOf('/');
  const address = cidr.slice(0, slash);
  const bits = cidr.slice(slash + 1);
  const family = slash > 0 ? isIP(address) : 0;
  const max = family === 4 ? 32 : 128;
  if (family === 0 || !/^\d{1,3}$/.test(bits) || Number(bits) > max) throw new Error(`invalid CIDR address: ${cidr}`);
  return family as 4 | 6;
}

export const stepSecurityGroup: Step<EbsState> = {
  name: 'StepSecurityGroup',
  async run(state, { ui, signal }) {
    const c = state.config;
    const ec2 = state.session.ec2();
    const vpcId = state.vpcId ?? '';
    const given = [...new Set([...(c.security_group_id !== '' ? [c.security_group_id] : []), ...c.security_group_ids])];

    if (given.length > 0) {
      try {
        await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: given }), { abortSignal: signal });
      } catch (e) {
        throw new Error(`Couldn't find specified security group: ${awsErrorText(e)}`);
      }
      state.securityGroupIds = given;
      return 'continue';
    }

    if (c.security_group_filter !== undefined && Object.keys(c.security_group_filter.filters).length > 0) {
      const wanted: Record<string, string> = { ...c.security_group_filter.filters };
      if (vpcId !== '') wanted['vpc-id'] = vpcId;
      let ids: string[];
      try {
        const found = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: ec2Filters(wanted) }), { abortSignal: signal });
        ids = (found.SecurityGroups ?? []).map((g) => g.GroupId ?? '');
      } catch (e) {
        throw new Error(`Couldn't find security groups for filter: ${awsErrorText(e)}`);
      }
      ui.say(`Found Security Group(s): ${ids.join(', ')}`);
      state.securityGroupIds = ids;
      return 'continue';
    }

    const groupName = `packer_${timeOrderedUUID()}`;
    ui.say(`Creating temporary security group for this instance: ${groupName}`);
    const region = state.session.region;
    const tags = withRunIdTag(renderTagsOrFail(state, tagEntries(c.run_tags, c.run_tag), 'Error tagging security group'), state.runId);
    let groupId: string;
    try {
      const created = await ec2.send(
        new CreateSecurityGroupCommand({
          GroupName: groupName,
          Description: 'Temporary group for Packer',
          VpcId: vpcId === '' ? undefined : vpcId,
          TagSpecifications: isRestrictedRegion(region) ? undefined : [{ ResourceType: 'security-group', Tags: tags }],
        }),
      );
      groupId = created.GroupId ?? '';
    } catch (e) {
      throw new Error(awsErrorText(e));
    }
    state.temporarySecurityGroupId = groupId;
    state.ledger.record(region, 'security-group', groupId);

    try {
      await waitSecurityGroupExists(ec2, groupId, state.session.polling, signal);
    } catch (e) {
      if (signal.aborted) throw e;
      throw new Error(`Timed out waiting for security group ${groupId}: ${e instanceof Error ? e.message : String(e)}`);
    }

    let cidrs = c.temporary_security_group_source_cidrs;
    if (cidrs.length !== 0 && c.temporary_security_group_source_public_ip) {
      ui.say('Using temporary_security_group_source_public_ip with temporary_security_group_source_cidrs is unsupported, ignoring temporary_security_group_source_public_ip.');
    }
    if (cidrs.length === 0 && c.temporary_security_group_source_public_ip) {
      ui.say("Checking current host's public IP...");
      const ip = await checkPublicIp(signal);
      if (ip === '0.0.0.0' || ip === '::') throw new Error(`Current host's public IP is unspecified: ${ip}`);
      ui.say(`Current host's public IP: ${ip}`);
      cidrs = [`${ip}/${isIP(ip) === 4 ? 32 : 128}`];
    }
    if (cidrs.length === 0) cidrs = [c.ssh_interface === 'ipv6' ? '::/0' : '0.0.0.0/0'];
    const ipv4: string[] = [];
    const ipv6: string[] = [];
    for (const cidr of cidrs) (cidrFamily(cidr) === 4 ? ipv4 : ipv6).push(cidr);
    state.securityGroupIds = [groupId];

    if (c.ssh_interface === 'session_manager') return 'continue';
    const port = communicatorPort(c);
    ui.say(`Authorizing access to port ${port} from [${cidrs.join(' ')}] in the temporary security groups...`);
    try {
      await ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: groupId,
          IpPermissions: [
            {
              IpProtocol: 'tcp',
              FromPort: port,
              ToPort: port,
              IpRanges: ipv4.map((CidrIp) => ({ CidrIp })),
              Ipv6Ranges: ipv6.map((CidrIpv6) => ({ CidrIpv6 })),
            },
          ],
        }),
        { abortSignal: signal },
      );
    } catch (e) {
      if (signal.aborted) throw e;
      throw new Error(`Error authorizing temporary security group: ${awsErrorText(e)}`);
    }
    return 'continue';
  },

  async cleanup(state, { ui, signal }) {
    const groupId = state.temporarySecurityGroupId;
    if (groupId === undefined || groupId === '') return;
    ui.say('Deleting temporary security group...');
    const region = state.session.region;
    const ec2 = state.session.ec2();
    try {
      // The instance was terminated (and waited for) just before: try at once, then briefly and more often than
      // Packer's 5 tries 5 s apart, within the same budget, while EC2 still sees it in use (DependencyViolation).
      await retry(
        async () => {
          try {
            await ec2.send(new DeleteSecurityGroupCommand({ GroupId: groupId }));
          } catch (e) {
            if (awsErrorCode(e) !== 'InvalidGroup.NotFound') throw e; // already gone
          }
        },
        { tries: 9, initialMs: 250, maxMs: 5000, shouldRetry: () => true, signal },
      );
      state.ledger.release(region, 'security-group', groupId);
      state.temporarySecurityGroupId = undefined;
    } catch (e) {
      ui.error(`Error cleaning up security group. Please delete the group manually: err: ${awsErrorText(e)}; security group ID: ${groupId}`);
    }
  },
};
