/** A row's tags as chips; each links to the studies list filtered by it when `linkTags` is set. */
export function TagList({ tags, linkTags = false }: { tags: string[]; linkTags?: boolean }) {
  if (tags.length === 0) return null;
  return (
    <span className="tags" data-testid="tags">
      {tags.map((tag) =>
        linkTags ? (
          <a key={tag} className="tag" href={`/?tag=${encodeURIComponent(tag)}`}>
            {tag}
          </a>
        ) : (
          <span key={tag} className="tag">
            {tag}
          </span>
        ),
      )}
    </span>
  );
}
