#!/usr/bin/env node
// The `vesselwatch` command. The sources are TypeScript, run through tsx's loader so that a fresh clone
// needs no build step: `npm install && npm start`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
