// CreateKeyPair, ImportKeyPair, DescribeKeyPairs, DeleteKeyPair.
import { AwsError } from '../contracts.js';
import { compileFilters } from '../filters.js';
import { newId } from '../state/ids.js';
import type { KeyPair } from '../state/resources.js';
import { checkTagSpecifications, OK, tagSet, tagsFor, visible, type Ec2Actions, type Ec2Context } from './context.js';
import { generateKey, importPublicKey } from './key-material.js';

function checkName(name: string): void {
  if (name.length > 255 || !/^[\x20-\x7e]+$/.test(name)) throw new AwsError('InvalidParameterValue', `Value (${name}) for parameter KeyName is invalid.`);
}

function addKeyPair(context: Ec2Context, name: string, type: 'rsa' | 'ed25519', publicKey: string, fingerprint: string): KeyPair {
  const specifications = context.params.tagSpecifications();
  checkTagSpecifications(specifications, ['key-pair']);
  if (context.region.keyPairs.has(name)) throw new AwsError('InvalidKeyPair.Duplicate', `The keypair '${name}' already exists.`);
  const keyPair: KeyPair = { id: newId('key'), name, type, fingerprint, publicKey, createTime: new Date(), tags: tagsFor(specifications, 'key-pair') };
  context.region.keyPairs.set(name, keyPair);
  context.store.created(keyPair.id);
  return keyPair;
}

export const keyPairActions: Ec2Actions = {
  CreateKeyPair(context) {
    const name = context.params.required('KeyName');
    checkName(name);
    const type = context.params.get('KeyType') ?? 'rsa';
    if (type !== 'rsa' && type !== 'ed25519') throw new AwsError('InvalidParameterValue', `Value (${type}) for parameter KeyType is invalid.`);
    const format = context.params.get('KeyFormat') ?? 'pem';
    if (format !== 'pem') throw new AwsError('InvalidParameterValue', `Value (${format}) for parameter KeyFormat is invalid: only pem is supported here.`);
    if (context.region.keyPairs.has(name)) throw new AwsError('InvalidKeyPair.Duplicate', `The keypair '${name}' already exists.`);
    const key = generateKey(type, name);
    const keyPair = addKeyPair(context, name, type, key.publicKey, key.fingerprint);
    return {
      keyName: keyPair.name,
      keyFingerprint: keyPair.fingerprint,
      keyMaterial: key.privateKeyPem,
      keyPairId: keyPair.id,
      tagSet: tagSet(keyPair.tags),
    };
  },

  ImportKeyPair(context) {
    const name = context.params.required('KeyName');
    checkName(name);
    const material = Buffer.from(context.params.required('PublicKeyMaterial'), 'base64').toString('utf8');
    const imported = importPublicKey(material, name);
    const keyPair = addKeyPair(context, name, imported.type, imported.publicKey, imported.fingerprint);
    return { keyName: keyPair.name, keyFingerprint: keyPair.fingerprint, keyPairId: keyPair.id, tagSet: tagSet(keyPair.tags) };
  },

  DescribeKeyPairs(context) {
    const { params, region } = context;
    const names = params.list('KeyName');
    const ids = params.list('KeyPairId');
    const all = [...region.keyPairs.values()].filter((k) => visible(context, k.id));
    for (const name of names) {
      if (!all.some((k) => k.name === name)) throw new AwsError('InvalidKeyPair.NotFound', `The key pair '${name}' does not exist`);
    }
    for (const id of ids) {
      if (!all.some((k) => k.id === id)) throw new AwsError('InvalidKeyPair.NotFound', `The key pair '${id}' does not exist`);
    }
    const matches = compileFilters(params.filters(), {
      'key-name': (k: KeyPair) => k.name,
      'key-pair-id': (k) => k.id,
      fingerprint: (k) => k.fingerprint,
      'key-type': (k) => k.type,
    }, (k) => k.tags);
    const includePublicKey = params.bool('IncludePublicKey') ?? false;
    const keys = all.filter((k) => (names.length === 0 || names.includes(k.name)) && (ids.length === 0 || ids.includes(k.id)) && matches(k));
    return {
      keySet: keys.map((k) => ({
        keyPairId: k.id,
        keyType: k.type,
        tagSet: tagSet(k.tags),
        publicKey: includePublicKey ? k.publicKey : undefined,
        keyName: k.name,
        keyFingerprint: k.fingerprint,
        createTime: k.createTime,
      })),
    };
  },

  DeleteKeyPair({ params, region }) {
    const name = params.get('KeyName');
    const id = params.get('KeyPairId');
    if (name === undefined && id === undefined) throw new AwsError('MissingParameter', 'The request must contain the parameter KeyName or KeyPairId');
    // AWS answers success for a name that does not exist.
    for (const keyPair of region.keyPairs.values()) {
      if (keyPair.name === name || keyPair.id === id) region.keyPairs.delete(keyPair.name);
    }
    return OK;
  },
};
