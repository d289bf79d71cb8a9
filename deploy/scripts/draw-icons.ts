/**
 * Draws Roster's Teams app icons into `appPackage/`: `npm run icons -w deploy`. The PNGs are
 * committed; a test checks they are what this draws.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { drawColorIcon, drawOutlineIcon, iconFiles } from '../src/roster-icons.js';
import { appPackageDir } from '../src/repository.js';

await writeFile(join(appPackageDir, iconFiles.color.file), drawColorIcon());
await writeFile(join(appPackageDir, iconFiles.outline.file), drawOutlineIcon());
process.stdout.write(`Icons written to ${appPackageDir}\n`);
