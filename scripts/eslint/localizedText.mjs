// ESLint rule `image-studio/localized-text`: text a person reads goes through l10n.t.
// A string or template literal that reads like words (two words, or one capitalized word such
// as "Cancel") is flagged unless it is the message of an `l10n.t(...)` / `vscode.l10n.t(...)`
// call, or sits where no person reads it: a log line, an import, a type, a property key, a
// DOM query. What remains are real exceptions (text for a language model, a protocol value);
// they say so with `// eslint-disable-next-line image-studio/localized-text -- <why>`.
// Why a rule of our own: eslint-plugin-i18next's no-literal-string flags every literal (ids,
// setting keys, MIME types) and has no notion of `l10n.t`; this one knows our few sinks.

const TWO_WORDS = /\p{L}{2,}[ \u00a0]+[\p{L}(]{2,}/u;
const CAPITALIZED_WORD = /^[A-Z][a-z]{2,}[.…:!?]*$/;

/** Calls whose string arguments no person reads as product text. */
const SILENT_CALLEE = /^(querySelector|querySelectorAll|closest|matches|getElementById|createElement|require|addEventListener|removeEventListener|postMessage|getConfiguration|executeCommand|registerCommand|get|has|set|startsWith|endsWith|includes|split|replace|replaceAll|test|match|join|indexOf|localeCompare|toggle|add|remove|contains|setProperty|getPropertyValue|Symbol|RegExp)$/;
/** Loggers: the Output channel and the console are for developers (English, like VS Code's own logs). */
const LOGGER_OBJECT = /(^|\.)(logger|log|console|channel|output)$/i;
const LOGGER_METHOD = /^(trace|debug|info|warn|error|log|appendLine|append)$/;

function calleeText(callee) {
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression') {
    const object = calleeText(callee.object);
    const property = callee.property.type === 'Identifier' ? callee.property.name : '';
    return object ? `${object}.${property}` : property;
  }
  if (callee.type === 'ThisExpression') return 'this';
  return '';
}

function isL10nCall(call) {
  const text = calleeText(call.callee);
  return /(^|\.)l10n\.t$/.test(text);
}

function isSilentCall(call) {
  const text = calleeText(call.callee);
  const method = text.split('.').pop() ?? '';
  if (SILENT_CALLEE.test(method)) return true;
  const object = text.slice(0, -(method.length + 1));
  return LOGGER_METHOD.test(method) && LOGGER_OBJECT.test(object);
}

function readsLikeWords(text) {
  return TWO_WORDS.test(text) || CAPITALIZED_WORD.test(text.trim());
}

/** Whether the literal sits where no person reads it, or is already localized. */
function isExempt(node) {
  let child = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    switch (parent.type) {
      case 'ImportDeclaration':
      case 'ExportAllDeclaration':
      case 'ExportNamedDeclaration':
        return child === parent.source;
      case 'ImportExpression':
      case 'TSLiteralType':
      case 'TSImportType':
      case 'TSExternalModuleReference':
        return true;
      case 'Property':
      case 'PropertyDefinition':
      case 'MethodDefinition':
      case 'TSPropertySignature':
        if (child === parent.key) return true;
        break;
      case 'MemberExpression':
        if (child === parent.property) return true;
        break;
      case 'CallExpression':
      case 'NewExpression':
        // The message of l10n.t is its first argument, a plain literal; a literal anywhere else
        // in the call (glued onto the message, or passed to a placeholder) is a sentence part.
        if (parent.type === 'CallExpression' && isL10nCall(parent)) return child === node && parent.arguments[0] === node;
        if (parent.type === 'CallExpression' && isSilentCall(parent)) return true;
        break;
      case 'ExpressionStatement':
        return parent.directive !== undefined;
      default:
        break;
    }
  }
  return false;
}

export const localizedText = {
  meta: {
    type: 'problem',
    docs: { description: 'Text a person reads goes through l10n.t (vscode.l10n.t in the host, @vscode/l10n elsewhere).' },
    messages: {
      unlocalized:
        'User-visible text "{{text}}" bypasses localization: use vscode.l10n.t(...) (files that import vscode) or l10n.t(...) from @vscode/l10n, with named placeholders ({name}), never sentence parts joined together.',
    },
    schema: [],
  },
  create(context) {
    const report = (node, text) =>
      context.report({ node, messageId: 'unlocalized', data: { text: text.length > 60 ? `${text.slice(0, 57)}…` : text } });
    return {
      Literal(node) {
        if (typeof node.value !== 'string' || !readsLikeWords(node.value) || isExempt(node)) return;
        report(node, node.value);
      },
      TemplateLiteral(node) {
        if (node.parent?.type === 'TaggedTemplateExpression') return;
        const text = node.quasis.map((quasi) => quasi.value.cooked ?? '').join(' ');
        if (!readsLikeWords(text) || isExempt(node)) return;
        report(node, node.quasis.map((quasi) => quasi.value.cooked ?? '').join('${…}'));
      },
    };
  },
};

export default { rules: { 'localized-text': localizedText } };
