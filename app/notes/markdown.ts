/**
 * A small Markdown reader for notes: headings, paragraphs, lists, quotes, code, rules; inline code, bold, italic
 * and links. It yields plain data that markdown-view.tsx renders as React elements, never as an HTML string, so a
 * note cannot carry markup: `<script>` or `<img onerror>` stays text, and a link keeps only a safe address.
 */

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'strong' | 'em'; children: Inline[] }
  | { type: 'link'; href: string; children: Inline[] };

export type Block =
  | { type: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; children: Inline[] }
  | { type: 'paragraph' | 'quote'; children: Inline[] }
  | { type: 'list'; ordered: boolean; items: Inline[][] }
  | { type: 'code'; text: string }
  | { type: 'rule' };

/** Addresses a note's link may keep: web and mail, or a path on this dashboard. Anything else (javascript:, data:, …) drops the link. */
export function safeHref(raw: string): string | null {
  const href = raw.trim();
  if (/^(https?:\/\/|mailto:)[^\s]+$/i.test(href)) return href;
  if (/^\/(?!\/)[^\s\\]*$/.test(href) || /^#[^\s]*$/.test(href)) return href;
  return null;
}

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^\s{0,3}[-*+]\s+(.*)$/;
const NUMBERED = /^\s{0,3}\d{1,9}[.)]\s+(.*)$/;
const FENCE = /^\s{0,3}(```|~~~)/;
const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
const QUOTE = /^\s{0,3}>\s?(.*)$/;

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const end = lines.findIndex((l, k) => k > i && l.trimStart().startsWith(fence[1]));
      const stop = end === -1 ? lines.length : end;
      blocks.push({ type: 'code', text: lines.slice(i + 1, stop).join('\n') });
      i = stop + 1;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ type: 'heading', level: heading[1].length as 1, children: parseInline(heading[2]) });
      i++;
      continue;
    }
    if (RULE.test(line)) {
      blocks.push({ type: 'rule' });
      i++;
      continue;
    }
    const listItem = BULLET.test(line) ? BULLET : NUMBERED.test(line) ? NUMBERED : null;
    if (listItem) {
      const items: Inline[][] = [];
      for (; i < lines.length && listItem.test(lines[i]); i++) items.push(parseInline(listItem.exec(lines[i])![1]));
      blocks.push({ type: 'list', ordered: listItem === NUMBERED, items });
      continue;
    }
    const kind = QUOTE.test(line) ? 'quote' : 'paragraph';
    const text: string[] = [];
    for (; i < lines.length && lines[i].trim() !== '' && startsParagraph(lines[i], kind); i++)
      text.push(kind === 'quote' ? QUOTE.exec(lines[i])![1] : lines[i].trim());
    blocks.push({ type: kind, children: parseInline(text.join('\n')) });
  }
  return blocks;
}

/** Whether a line continues a paragraph (or quote) rather than starting another block. */
function startsParagraph(line: string, kind: 'quote' | 'paragraph'): boolean {
  if (kind === 'quote') return QUOTE.test(line);
  return !(FENCE.test(line) || HEADING.test(line) || RULE.test(line) || BULLET.test(line) || NUMBERED.test(line) || QUOTE.test(line));
}

// Bounded label and address lengths keep a note full of unmatched brackets linear to read.
const LINK = /\[([^\]\n]{0,1000})\]\(([^()\s]{0,2000})\)/y;

/** Inline spans; an unmatched marker is text, and a backslash escapes the punctuation after it. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let buffer = '';
  const flush = () => {
    if (buffer) out.push({ type: 'text', text: buffer });
    buffer = '';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length && /[!-/:-@[-`{-~]/.test(text[i + 1])) {
      buffer += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      const end = text.indexOf('`', i + 1);
      if (end > i) {
        flush();
        out.push({ type: 'code', text: text.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    if (text.startsWith('**', i)) {
      const end = text.indexOf('**', i + 2);
      if (end > i + 2) {
        flush();
        out.push({ type: 'strong', children: parseInline(text.slice(i + 2, end)) });
        i = end + 2;
        continue;
      }
    }
    // `_` marks emphasis only at word edges, so names like val_loss stay as written.
    if (c === '*' || (c === '_' && !/\w/.test(text[i - 1] ?? ''))) {
      const end = text.indexOf(c, i + 1);
      if (end > i + 1 && (c === '*' || !/\w/.test(text[end + 1] ?? ''))) {
        flush();
        out.push({ type: 'em', children: parseInline(text.slice(i + 1, end)) });
        i = end + 1;
        continue;
      }
    }
    if (c === '[') {
      LINK.lastIndex = i;
      const link = LINK.exec(text);
      if (link) {
        flush();
        const href = safeHref(link[2]);
        const children = parseInline(link[1]);
        if (href) out.push({ type: 'link', href, children });
        else out.push(...children);
        i += link[0].length;
        continue;
      }
    }
    buffer += c;
    i++;
  }
  flush();
  return out;
}
