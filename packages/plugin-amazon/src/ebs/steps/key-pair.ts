// StepKeyPair: the key the communicator logs in with — read from ssh_private_key_file, left to the SSH agent,
// or a temporary EC2 key pair (CreateKeyPair, deleted by the cleanup). With -debug the temporary private key is
// also written to `ec2_<build name>.pem` (removed by the cleanup), as Packer does.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { CreateKeyPairCommand, DeleteKeyPairCommand, type KeyType } from '@aws-sdk/client-ec2';
import { expandUser, goPathErrorText, type Step } from '@tspacker/sdk';
import { awsErrorCode, awsErrorText } from '../../common/aws-errors.js';
import { retry } from '../../common/retry.js';
import { renderTagsOrFail, tagEntries, withRunIdTag } from '../../common/tags.js';
import type { EbsState } from '../state.js';
import { isRestrictedRegion } from '../../common/regions.js';
import { deleteResource } from '../../common/delete-resource.js';

/** Where -debug saves the temporary key (Packer's DebugKeyPath, relative to the working directory). */
export function debugKeyPath(buildName: string): string {
  return `ec2_${buildName}.pem`;
}

export const stepKeyPair: Step<EbsState> = {
  name: 'StepKeyPair',
  async run(state, { ui, signal }) {
    const c = state.config;
    const launch = state;
    if (c.ssh_private_key_file !== '') {
      ui.say('Using existing SSH private key');
      const path = expandUser(c.ssh_private_key_file);
      let privateKey: string;
      try {
        privateKey = readFileSync(path, 'utf8');
      } catch (e) {
        throw new Error(`Error on reading SSH private key: ${goPathErrorText('open', path, e)}`);
      }
      state.keyPair = { privateKey };
      launch.keyName = c.ssh_keypair_name;
      return 'continue';
    }
    if (c.ssh_agent_auth) {
      ui.say(c.ssh_keypair_name === '' ? 'Using SSH Agent with key pair in Source AMI' : `Using SSH Agent for existing key pair ${c.ssh_keypair_name}`);
      launch.keyName = c.ssh_keypair_name;
      return 'continue';
    }
    const name = c.temporary_key_pair_name;
    if (name === '') {
      ui.say('Not using temporary keypair');
      launch.keyName = '';
      return 'continue';
    }

    ui.say(`Creating temporary keypair: ${name}`);
    const region = state.session.region;
    const tags = withRunIdTag(renderTagsOrFail(state, tagEntries(c.run_tags, c.run_tag), 'Error tagging key pair'), state.runId);
    const input = {
      KeyName: name,
      KeyType: (c.temporary_key_pair_type === '' ? 'rsa' : c.temporary_key_pair_type) as KeyType,
      TagSpecifications: isRestrictedRegion(region) ? undefined : [{ ResourceType: 'key-pair' as const, Tags: tags }],
    };
    const ec2 = state.session.ec2();
    let created;
    try {
      // Not aborted mid-request: once sent, the key pair may exist, and only a known name can be deleted.
      created = await retry(() => ec2.send(new CreateKeyPairCommand(input)), {
        tries: 11,
        initialMs: 200,
        maxMs: 30_000,
        shouldRetry: (e: unknown) => awsErrorCode(e) !== 'InvalidKeyPair.Duplicate',
        signal,
      });
    } catch (e) {
      throw new Error(`Error creating temporary keypair: ${awsErrorText(e)}`);
    }
    state.ledger.record(region, 'key-pair', name);
    state.keyPair = { temporaryName: name, privateKey: created.KeyMaterial ?? '' };
    launch.keyName = name;

    if (c.packer_debug) {
      const path = debugKeyPath(c.packer_build_name);
      ui.say(`Saving key for debug purposes: ${path}`);
      try {
        writeFileSync(path, created.KeyMaterial ?? '', { mode: 0o600 });
        launch.debugKeyFile = path;
      } catch (e) {
        throw new Error(`Error saving debug key: ${goPathErrorText('open', path, e)}`);
      }
    }
    return 'continue';
  },

  async cleanup(state, { ui }) {
    const launch = state;
    const name = state.keyPair?.temporaryName;
    if (name !== undefined) {
      ui.say('Deleting temporary keypair...');
      try {
        await deleteResource(() => state.session.ec2().send(new DeleteKeyPairCommand({ KeyName: name })));
        state.ledger.release(state.session.region, 'key-pair', name);
      } catch {
        ui.error(`Error cleaning up keypair. Please delete the key manually: ${name}`);
      }
    }
    if (launch.debugKeyFile !== undefined) {
      try {
        rmSync(launch.debugKeyFile);
      } catch (e) {
        ui.error(`Error removing debug key '${launch.debugKeyFile}': ${goPathErrorText('remove', launch.debugKeyFile, e)}`);
      }
      launch.debugKeyFile = undefined;
    }
  },
};
