#!/usr/bin/env node
// Starts the TypeScript CLI through tsx's loader, so that kompendium runs from its sources without a build step.
import { register } from 'tsx/esm/api';

register();
await import('./cli.ts');
