// The `tspacker` executable (bundled to dist/tspacker.mjs).
import { run } from './main.js';

// The AWS SDK's notice that its 2027 releases will need Node 22 is for the SDK's users, not tspacker's: it would
// be the only line on stderr of an amazon build. (A user can still set the variable to "false".)
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

run();
