import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as React from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { parseMarkdown, safeHref } from '../../../app/notes/markdown.ts';

// tsx compiles .tsx with the classic transform (React.createElement), which Next's own build does not need.
Object.assign(globalThis, { React });
const { MarkdownView } = await import('../../../app/notes/markdown-view.tsx');
const render = (source: string) => renderToStaticMarkup(React.createElement(MarkdownView, { source }));

test('headings, lists, emphasis, code and safe links render as their elements', () => {
  const html = render(
    '# Result\n\nThe **best** run used *dropout* and `lr=0.01`.\n\n- one\n- two\n\n1. first\n\n```\nx < 1\n```\n\n[docs](https://example.org/a?b=1)',
  );
  assert.match(html, /<h1>Result<\/h1>/);
  assert.match(html, /<strong>best<\/strong>/);
  assert.match(html, /<em>dropout<\/em>/);
  assert.match(html, /<code>lr=0.01<\/code>/);
  assert.match(html, /<ul><li>one<\/li><li>two<\/li><\/ul>/);
  assert.match(html, /<ol><li>first<\/li><\/ol>/);
  assert.match(html, /<pre><code>x &lt; 1<\/code><\/pre>/);
  assert.match(html, /<a href="https:\/\/example.org\/a\?b=1" target="_blank" rel="noopener noreferrer nofollow">docs<\/a>/);
});

test('raw HTML stays text: no script, img or event attribute reaches the markup', () => {
  const html = render('<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n**<b onmouseover=alert(3)>x</b>**');
  assert.doesNotMatch(html, /<script|<img|<b /i);
  assert.doesNotMatch(html, /<[^>]*\son\w+=/i);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
});

test('links to javascript:, data: and other schemes are no links', () => {
  for (const href of [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,<b>x</b>',
    'vbscript:x',
    '//evil.example/x',
    'java\tscript:x',
  ]) {
    const html = render(`[click](${href})`);
    assert.doesNotMatch(html, /<a |href=/, href);
  }
  assert.equal(safeHref('/studies/3?tab=curves'), '/studies/3?tab=curves');
  assert.equal(safeHref('mailto:me@example.org'), 'mailto:me@example.org');
  assert.equal(safeHref('javascript:alert(1)'), null);
});

test('snake_case names stay as written; an unmatched marker is text', () => {
  assert.deepEqual(parseMarkdown('val_loss and max_epochs * 2'), [
    { type: 'paragraph', children: [{ type: 'text', text: 'val_loss and max_epochs * 2' }] },
  ]);
});

test('a note of many unmatched brackets reads in linear time', () => {
  const started = performance.now();
  parseMarkdown('['.repeat(20_000));
  parseMarkdown('[a]('.repeat(5_000));
  // Generous: a quadratic reader takes minutes on these; linear takes milliseconds.
  assert.ok(performance.now() - started < 5_000);
});
