// The EC2 service: the action table of every resource module, answering in the EC2 Query protocol.
import { AwsError, type AwsRequest, type AwsResponse, type AwsService } from '../contracts.js';
import { QueryParams } from '../query/params.js';
import { renderEc2Response } from '../query/xml.js';
import type { Store } from '../state/store.js';
import type { Ec2Actions } from './context.js';
import { fleetActions } from './fleets.js';
import { imageAttributeActions } from './image-attributes.js';
import { imageActions } from './images.js';
import { instanceAttributeActions } from './instance-attributes.js';
import { instanceActions } from './instances.js';
import { keyPairActions } from './key-pairs.js';
import { launchTemplateActions } from './launch-templates.js';
import { regionActions } from './regions.js';
import { securityGroupActions } from './security-groups.js';
import { snapshotActions } from './snapshots.js';
import { tagActions } from './tags.js';
import { volumeActions } from './volumes.js';
import { vpcActions } from './vpcs.js';

export const EC2_ACTIONS: Ec2Actions = {
  ...regionActions,
  ...imageActions,
  ...imageAttributeActions,
  ...snapshotActions,
  ...volumeActions,
  ...keyPairActions,
  ...securityGroupActions,
  ...vpcActions,
  ...tagActions,
  ...instanceActions,
  ...instanceAttributeActions,
  ...launchTemplateActions,
  ...fleetActions,
};

export class Ec2Service implements AwsService {
  readonly name = 'ec2';

  constructor(private readonly store: () => Store) {}

  async handle(request: AwsRequest): Promise<AwsResponse> {
    const action = Object.hasOwn(EC2_ACTIONS, request.action) ? EC2_ACTIONS[request.action] : undefined;
    if (!action) throw new AwsError('InvalidAction', `The action ${request.action} is not valid for this web service.`);
    const params = new QueryParams(request.params);
    if (params.bool('DryRun') === true) {
      throw new AwsError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
    }
    const store = this.store();
    const body = await action({ request, params, store, region: store.region(request.region) });
    return renderEc2Response(request.action, request.requestId, body);
  }
}
