// The `tspacker` executable (bundled to dist/tspacker.mjs).
import { run } from './main.js';

run();
