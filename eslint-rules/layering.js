// Enforces the layer table of shared/ARCHITECTURE.md §1. Each file under src/<layer>/
// may import only what its row allows; npm packages usable from web-side layers are
// listed explicitly, so adding one to the renderer is a conscious decision.
import { builtinModules } from 'node:module';
import path from 'node:path';
import vocabulary from './vocabulary.js';

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** npm packages the renderer may use (pure browser code). */
export const WEB_PACKAGES = new Set([
  'react',
  'react-dom',
  'react/jsx-runtime',
  'react-dom/client',
  'i18next',
  'react-i18next',
  'qrcode',
  '@tanstack/react-virtual',
  'linkifyjs',
  // charts of the lead's dashboard (issue 6)
  'chart.js',
  'react-chartjs-2',
  'zod',
]);

/**
 * For each layer: which import kinds it may use.
 * kinds: a layer name, 'node' (builtins), 'npm' (any package), 'web-npm' (WEB_PACKAGES),
 * 'zod', 'electron', 'electron-renderer' (contextBridge/ipcRenderer only).
 */
export const LAYERS = {
  shared: ['shared', 'zod'],
  core: ['shared', 'core', 'node', 'npm'],
  main: ['shared', 'core', 'main', 'node', 'npm', 'electron'],
  preload: ['shared-types', 'preload', 'electron-renderer'],
  renderer: ['shared', 'renderer', 'web-npm'],
  cli: ['shared', 'core', 'server', 'cli', 'node', 'npm'],
  // the team server (PostgreSQL, HTTPS): plain Node over the same core archive rules
  server: ['shared', 'core', 'server', 'node', 'npm'],
};

/**
 * Areas inside src/core and the areas each may import: archive < capture < accounts < app,
 * exchange < crm (offboarding writes a bundle), and nothing sideways. util is for all.
 */
export const CORE_AREAS = {
  util: [],
  archive: ['util'],
  capture: ['archive', 'util'],
  translate: ['archive', 'util'],
  exchange: ['archive', 'util'],
  crm: ['exchange', 'archive', 'util'],
  team: ['archive', 'util'],
  accounts: ['capture', 'archive', 'util'],
  app: ['accounts', 'capture', 'archive', 'crm', 'exchange', 'team', 'translate', 'util'],
};

function coreAreaOf(file) {
  const rel = path.relative(process.cwd(), file).split(path.sep).join('/');
  const m = /^src\/core\/([^/]+)\//.exec(rel);
  return m ? m[1] : null;
}

function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function layerOfFile(file) {
  const rel = path.relative(process.cwd(), file).split(path.sep).join('/');
  const m = /^src\/([^/]+)\//.exec(rel);
  return m && m[1] in LAYERS ? m[1] : null;
}

/** Returns a reason string when `spec` imported from `file` breaks the table, else null. */
export function checkImport(file, spec, { typeOnly = false, names = [] } = {}) {
  const layer = layerOfFile(file);
  if (!layer) return null;
  const allowed = LAYERS[layer];
  if (spec.startsWith('.') || spec.startsWith('/')) {
    const target = layerOfFile(path.resolve(path.dirname(file), spec));
    if (!target) return `src/${layer} may not import files outside src/ (${spec})`;
    if (target === layer && layer === 'core') {
      const from = coreAreaOf(file);
      const to = coreAreaOf(path.resolve(path.dirname(file), spec));
      if (!from || !to || from === to) return null;
      if (!(from in CORE_AREAS)) return `src/core/${from} is not a known core area (add it to CORE_AREAS in eslint-rules/layering.js)`;
      return CORE_AREAS[from].includes(to) ? null : `src/core/${from} must not import src/core/${to} (${spec}); see CORE_AREAS in eslint-rules/layering.js`;
    }
    if (target === layer) return null;
    if (allowed.includes(target)) return null;
    if (target === 'shared' && allowed.includes('shared-types') && typeOnly) return null;
    return `src/${layer} must not import src/${target} (${spec})`;
  }
  if (NODE_BUILTINS.has(spec) || NODE_BUILTINS.has(packageName(spec))) {
    return allowed.includes('node') ? null : `src/${layer} must not import Node modules (${spec})`;
  }
  if (spec === 'electron' || spec.startsWith('electron/')) {
    if (allowed.includes('electron')) return null;
    if (allowed.includes('electron-renderer') && names.length > 0 &&
        names.every((n) => n === 'contextBridge' || n === 'ipcRenderer')) return null;
    return `src/${layer} must not import electron${allowed.includes('electron-renderer') ? ' (only contextBridge and ipcRenderer)' : ''}`;
  }
  if (allowed.includes('npm')) return null;
  if (allowed.includes('web-npm') && WEB_PACKAGES.has(spec)) return null;
  if (allowed.includes('web-npm') && WEB_PACKAGES.has(packageName(spec))) return null;
  if (allowed.includes('zod') && packageName(spec) === 'zod') return null;
  return `src/${layer} must not import the package ${spec} (not allowed for this layer; see eslint-rules/layering.js)`;
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the process/layer table of ARCHITECTURE §1' },
    schema: [],
    messages: { forbidden: '{{reason}}' },
  },
  create(context) {
    const file = context.filename;
    const report = (node, spec, opts) => {
      if (typeof spec !== 'string') return;
      const reason = checkImport(file, spec, opts);
      if (reason) context.report({ node, messageId: 'forbidden', data: { reason } });
    };
    const namedOf = (node) =>
      (node.specifiers ?? [])
        .filter((s) => s.type === 'ImportSpecifier')
        .map((s) => (s.imported.type === 'Identifier' ? s.imported.name : s.imported.value));
    return {
      ImportDeclaration(node) {
        const typeOnly = node.importKind === 'type' ||
          (node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === 'type'));
        const names = namedOf(node);
        const onlyNamed = node.specifiers.every((s) => s.type === 'ImportSpecifier');
        report(node.source, node.source.value, { typeOnly, names: onlyNamed ? names : [] });
      },
      ExportNamedDeclaration(node) {
        if (node.source) report(node.source, node.source.value, { typeOnly: node.exportKind === 'type' });
      },
      ExportAllDeclaration(node) {
        report(node.source, node.source.value, { typeOnly: node.exportKind === 'type' });
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal') report(node.source, node.source.value);
      },
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' &&
            node.arguments[0]?.type === 'Literal') {
          report(node.arguments[0], node.arguments[0].value);
        }
      },
    };
  },
};

export default { rules: { layering: rule, vocabulary } };
