/** See electron-binary.mjs. */
export declare function findElectronBinary(): { path: string } | { missing: string };
