#!/usr/bin/env node
// The installed command. A file of its own, present before any build, so that
// installing the workspace can link it; the CLI itself is dist/cli.js.
import '../dist/cli.js';
