import { fileURLToPath } from 'node:url';

/** The repository's root, found from this file, whatever the working directory. */
export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Where the Teams app manifest and its icons live. */
export const appPackageDir = fileURLToPath(new URL('../../appPackage/', import.meta.url));
