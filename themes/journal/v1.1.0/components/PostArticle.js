function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const url = (v) => {
    const s = String(v == null ? '' : v).replace(/[\u0000-\u0020\u007f]/g, '');
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(s);
    if (!s || (m && !/^(https?|mailto|tel)$/i.test(m[1]))) return '#';
    return e(s);
  };
  const post = ctx.post;
  if (!post) {
    return `<section class="jr-section"><div class="jr-container jr-empty"><p class="jr-empty__title">${e(props.emptyTitle)}</p></div></section>`;
  }
  let date = '';
  if (post.published_at) {
    let text = post.published_at;
    try {
      text = ctx.formatDate(post.published_at, 'MMMM D, YYYY') || text;
    } catch (err) {
      text = post.published_at;
    }
    date = `<time datetime="${e(post.published_at)}">${e(text)}</time>`;
  }
  const minutes = Math.round(Number(post.reading_time));
  const meta = [post.author ? `<span>By ${e(post.author)}</span>` : '', date,
    minutes > 0 ? `<span>${minutes} min read</span>` : '']
    .filter(Boolean)
    .join('<span class="jr-dot" aria-hidden="true">·</span>');
  const tags = (Array.isArray(post.tags) ? post.tags : [])
    .map((t) => `<li><a href="${url(t.url)}">${e(t.name)}</a></li>`)
    .join('');
  // post.html is the platform's rendering of the author's Markdown (no raw HTML, no unsafe
  // links), so it is inserted as it is.
  return `<article class="jr-article">
  <div class="jr-container jr-article__inner">
    <header class="jr-article__head">
      ${post.category ? `<p class="jr-kicker"><span>${e(post.category)}</span></p>` : ''}
      <h1 class="jr-article__title">${e(post.title)}</h1>
      ${post.excerpt ? `<p class="jr-article__dek">${e(post.excerpt)}</p>` : ''}
      ${meta ? `<p class="jr-meta">${meta}</p>` : ''}
    </header>
    ${post.image ? `<figure class="jr-article__media"><img src="${url(post.image)}" alt="" width="1200" height="675" decoding="async"></figure>` : ''}
    <div class="jr-article__body">${post.html}</div>
    ${tags ? `<ul class="jr-article__tags" role="list">${tags}</ul>` : ''}
    <p><a class="jr-readmore" href="/blog"><span aria-hidden="true">&larr;</span> ${e(props.backLabel)}</a></p>
  </div>
</article>`;
}
