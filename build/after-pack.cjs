// electron-builder afterPack hook: flips the Electron fuses (build/fuses.cjs) in the packed
// binary. Runs before signing, so the signature covers the flipped binary.
const path = require('node:path');
const { flipFuses } = require('@electron/fuses');
const { fuseConfigFor } = require('./fuses.cjs');

/** The file that holds the fuse wire for this platform's packed app. */
function electronBinary(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const name = packager.appInfo.productFilename;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${name}.app`);
    case 'win32':
      return path.join(appOutDir, `${name}.exe`);
    default:
      return path.join(appOutDir, packager.executableName);
  }
}

async function afterPack(context) {
  const binary = electronBinary(context);
  const sentinels = await flipFuses(binary, fuseConfigFor(context.electronPlatformName, context.arch));
  console.log(`  • fuses flipped  file=${binary} sentinels=${sentinels}`);
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.electronBinary = electronBinary;
