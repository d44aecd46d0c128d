// @tspacker/ec2-local: a local EC2 endpoint whose instances are real. `startEc2Local` is the embeddable endpoint;
// the parts (machine host, operations layer, other services) are exported for the CLI and tests that compose it.
export * from './contracts.js';
export { startEc2Local, DEFAULT_ACCOUNT_ID, STATE_FILE, type Ec2Local, type Ec2LocalOptions } from './start.js';
export { startServer, renderAwsError, NO_OPERATIONS, type AdminHandler, type AdminRequest, type Credentials, type RunningServer, type ServerOptions } from './server.js';
export { Ec2Service, EC2_ACTIONS } from './ec2/service.js';
export { DEFAULT_DURATIONS, Store, type Durations, type KmsKeyResolver, type LiveResource } from './state/store.js';
export { renderEc2Error, renderEc2Response, renderQueryError, escapeXml, type XmlObject, type XmlValue } from './query/xml.js';
export { QueryParams, type Filter, type Tag, type TagSpecification } from './query/params.js';
export { parseAuthorization, verifySignature } from './sigv4.js';
export { catalogImages, CANONICAL, AMAZON, DEBIAN, FEDORA, type CatalogImage } from './catalog.js';
export { generateKey, importPublicKey } from './ec2/key-material.js';
export { createMachineHost, type MachineHostOptions } from './machines/index.js';
export { LocalOperations, type ArrivingCall, type LocalOperationsOptions } from './operations/local-operations.js';
export { adminHandler, type AdminContext } from './operations/admin.js';
export type { RequestLogEntry } from './operations/request-log.js';
export { createNonEc2Services, type NonEc2Services, type NonEc2ServicesOptions } from './services/non-ec2-services.js';
export { localCloudEnvironment } from './environment.js';
export { startLocalCloud, REQUEST_LOG_FILE, type LocalCloud, type LocalCloudOptions } from './local-cloud.js';
