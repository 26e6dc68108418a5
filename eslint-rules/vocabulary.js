// Keeps the WhatsApp vocabulary in one place (src/shared/vocabulary): id suffixes such as
// "@c.us" and the sort key's 1024 slots are spelled there and imported everywhere else.
// Byte sizes (64 * 1024, mb * 1024 * 1024) and zod limits (.max(1024)) are not sort keys and
// pass: a 1024 is reported only beside a time or sort-key operand, as a SLOTS constant, or
// multiplied inside SQL text.
import path from 'node:path';

const SUFFIX = /(?:^|(?<=[\w%*]))@(?:c\.us|g\.us|lid|broadcast|newsletter|s\.whatsapp\.net)\b/;
const TIME_OPERAND = /(?:^|[^a-z])ts\b|Ts\b|_ts\b|timestamp|sort_?key/i;
const SQL_SLOTS = /\*\s*1024\b|\b1024\s*\*/;

function exempt(file) {
  const rel = path.relative(process.cwd(), file).split(path.sep).join('/');
  return !rel.startsWith('src/') || rel.startsWith('src/shared/vocabulary/');
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'WhatsApp id suffixes and the sort-key slot count come from src/shared/vocabulary' },
    schema: [],
    messages: {
      suffix: 'Spell WhatsApp id suffixes through src/shared/vocabulary (ID_SUFFIX, isGroupId, phoneUserId…), not "{{text}}".',
      slots: 'Sort keys are built with src/shared/vocabulary (encodeSortKey, sortKeyFloor, sortKeyRange, SORT_SLOTS), not a literal 1024.',
    },
  },
  create(context) {
    if (exempt(context.filename)) return {};
    const source = context.sourceCode;
    const checkText = (node, text) => {
      const m = SUFFIX.exec(text);
      if (m) context.report({ node, messageId: 'suffix', data: { text: m[0] } });
      if (SQL_SLOTS.test(text)) context.report({ node, messageId: 'slots' });
    };
    const is1024 = (n) => n.type === 'Literal' && n.value === 1024;
    return {
      Literal(node) {
        if (typeof node.value === 'string') checkText(node, node.value);
        // a regular expression spells "@g.us" as /@g\.us/: compare it without the escapes
        else if (node.regex) checkText(node, node.regex.pattern.replace(/\\(.)/g, '$1'));
      },
      TemplateElement(node) {
        checkText(node, node.value.cooked ?? node.value.raw);
      },
      VariableDeclarator(node) {
        if (node.init && is1024(node.init) && node.id.type === 'Identifier' && /SLOT|SORT/i.test(node.id.name)) {
          context.report({ node, messageId: 'slots' });
        }
      },
      BinaryExpression(node) {
        if (!['*', '/'].includes(node.operator)) return;
        const other = is1024(node.left) ? node.right : is1024(node.right) ? node.left : null;
        if (other && TIME_OPERAND.test(source.getText(other))) context.report({ node, messageId: 'slots' });
      },
    };
  },
};

export default rule;
