#!/usr/bin/env node
// The installed `tspacker` command. It exists before the build (so that `npm ci` can link it) and runs the
// bundle that `npm run build` produces.
import '../dist/tspacker.mjs';
