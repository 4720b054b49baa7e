#!/usr/bin/env node
// Runs Bulwark from its JavaScript bundle (build/cli), bundled from src first when missing or older than its sources.
import { ensureCli } from '../scripts/build-cli.mjs';
await import(await ensureCli());
