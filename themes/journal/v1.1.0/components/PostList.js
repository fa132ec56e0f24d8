function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const url = (v) => {
    const s = String(v == null ? '' : v).replace(/[\u0000-\u0020\u007f]/g, '');
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(s);
    if (!s || (m && !/^(https?|mailto|tel)$/i.test(m[1]))) return '#';
    return e(s);
  };
  const date = (iso) => {
    const s = String(iso || '').trim();
    if (!s) return '';
    let text = s;
    try {
      text = ctx.formatDate(s, 'MMM D, YYYY') || s;
    } catch (err) {
      text = s;
    }
    return `<time datetime="${e(s)}">${e(text)}</time>`;
  };
  const layout = props.layout === 'list' ? 'list' : 'grid';
  // source "blog": the shop's published posts (ctx.posts: this page's on the blog, the newest
  // elsewhere); otherwise the posts typed into the props (how 1.0.0 worked).
  const fromBlog = props.source === 'blog';
  const blog = (fromBlog && ctx.blog) || {};
  const source = fromBlog ? ctx.posts : props.posts;
  const limit = fromBlog && !(ctx.page && ctx.page.template === 'blog') ? Number(props.limit) || 6 : Infinity;
  const posts = (Array.isArray(source) ? source : []).filter((p) => p && p.title).slice(0, limit);
  const heading = blog.tag && blog.tag.name ? blog.tag.name : props.title;
  const pages = blog.pagination && ctx.page && ctx.page.template === 'blog' ? blog.pagination : null;
  const pager = pages && pages.pages > 1
    ? `<nav class="jr-pager" aria-label="Pages">${pages.previous_url ? `<a href="${url(pages.previous_url)}">&larr; Newer</a>` : '<span></span>'}<span>Page ${e(pages.page)} of ${e(pages.pages)}</span>${pages.next_url ? `<a href="${url(pages.next_url)}">Older &rarr;</a>` : '<span></span>'}</nav>`
    : '';
  const head = `<div class="jr-section__head">
      <h2 class="jr-section__title">${e(heading)}</h2>
      ${props.moreLabel && posts.length ? `<a class="jr-readmore" href="${url(props.moreUrl)}">${e(props.moreLabel)} <span aria-hidden="true">&rarr;</span></a>` : ''}
    </div>`;
  if (!posts.length) {
    return `<section class="jr-section jr-posts">
  <div class="jr-container">${head}
    <div class="jr-empty"><p class="jr-empty__title">The first story is on its way</p><p>New posts will appear here as soon as they are published.</p></div>
  </div>
</section>`;
  }
  const items = posts
    .map((p, i) => {
      const href = url(p.url);
      const minutes = Math.round(Number(p.readingTime));
      const meta = [date(p.date), minutes > 0 ? `<span>${minutes} min read</span>` : '']
        .filter(Boolean)
        .join('<span class="jr-dot" aria-hidden="true">·</span>');
      const media = p.image
        ? `<a class="jr-post__media" href="${href}" tabindex="-1" aria-hidden="true"><img src="${url(p.image)}" alt="" width="600" height="400" loading="lazy" decoding="async"></a>`
        : `<a class="jr-post__media jr-post__media--plain jr-post__media--${(i % 3) + 1}" href="${href}" tabindex="-1" aria-hidden="true"><span>${e(String(p.category || p.title).charAt(0).toUpperCase())}</span></a>`;
      return `<li class="jr-post">
        <article>
          ${media}
          <div class="jr-post__body">
            ${p.category ? `<p class="jr-kicker"><span>${e(p.category)}</span></p>` : ''}
            <h3 class="jr-post__title"><a href="${href}">${e(p.title)}</a></h3>
            ${p.excerpt ? `<p class="jr-post__excerpt">${e(p.excerpt)}</p>` : ''}
            ${meta ? `<p class="jr-meta">${meta}</p>` : ''}
          </div>
        </article>
      </li>`;
    })
    .join('');
  return `<section class="jr-section jr-posts">
  <div class="jr-container">${head}
    <ul class="jr-posts__list jr-posts__list--${layout}" role="list">${items}</ul>${pager}
  </div>
</section>`;
}
