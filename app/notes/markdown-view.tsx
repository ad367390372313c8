import { createElement, type ReactNode } from 'react';
import { type Block, type Inline, parseMarkdown } from './markdown.ts';

/** A note rendered from Markdown as React elements (see markdown.ts: no HTML string is ever set). */
export function MarkdownView({ source }: { source: string }) {
  return <div className="markdown">{parseMarkdown(source).map(block)}</div>;
}

function block(b: Block, key: number): ReactNode {
  switch (b.type) {
    case 'heading':
      return createElement(`h${b.level}`, { key }, b.children.map(inline));
    case 'paragraph':
      return <p key={key}>{b.children.map(inline)}</p>;
    case 'quote':
      return <blockquote key={key}>{b.children.map(inline)}</blockquote>;
    case 'list': {
      const items = b.items.map((item, k) => <li key={k}>{item.map(inline)}</li>);
      return b.ordered ? <ol key={key}>{items}</ol> : <ul key={key}>{items}</ul>;
    }
    case 'code':
      return (
        <pre key={key}>
          <code>{b.text}</code>
        </pre>
      );
    case 'rule':
      return <hr key={key} />;
  }
}

function inline(span: Inline, key: number): ReactNode {
  switch (span.type) {
    case 'text':
      return span.text;
    case 'code':
      return <code key={key}>{span.text}</code>;
    case 'strong':
      return <strong key={key}>{span.children.map(inline)}</strong>;
    case 'em':
      return <em key={key}>{span.children.map(inline)}</em>;
    case 'link':
      return span.href.startsWith('/') || span.href.startsWith('#') ? (
        <a key={key} href={span.href}>
          {span.children.map(inline)}
        </a>
      ) : (
        <a key={key} href={span.href} target="_blank" rel="noopener noreferrer nofollow">
          {span.children.map(inline)}
        </a>
      );
  }
}
