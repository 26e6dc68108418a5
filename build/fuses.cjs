// Electron fuses for every packaged build (ARCHITECTURE §8). Flipped in the binary by
// build/after-pack.cjs, before code signing; tests/unit/main/packaging.test.ts checks them.
const { FuseV1Options, FuseVersion } = require('@electron/fuses');

/** electron-builder's Arch enum values that contain an arm64 slice on macOS. */
const ARCH_ARM64 = 3;
const ARCH_UNIVERSAL = 4;

/**
 * @param {string} platform electron-builder's electronPlatformName (darwin, mas, win32, linux)
 * @param {number} arch electron-builder's Arch
 */
function fuseConfigFor(platform, arch) {
  return {
    version: FuseVersion.V1,
    // Apple silicon refuses to run an ad-hoc-signed binary whose bytes changed; re-sign ad hoc
    // (the real signature, when there is one, comes after this hook).
    resetAdHocDarwinSignature: (platform === 'darwin' || platform === 'mas') && (arch === ARCH_ARM64 || arch === ARCH_UNIVERSAL),
    // No `ELECTRON_RUN_AS_NODE`: the signed binary cannot be used as a general Node runtime.
    [FuseV1Options.RunAsNode]: false,
    // Cookies encrypted at rest with the OS keystore (one-way, from the first release on).
    [FuseV1Options.EnableCookieEncryption]: true,
    // NODE_OPTIONS and --inspect would let anyone inject code into main.
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    // app.asar must match the hash recorded at build time, and is the only place code loads from.
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    // The app renderer is served from app://, never file://.
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  };
}

module.exports = { fuseConfigFor };
