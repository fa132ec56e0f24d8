function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const url = (v) => {
    const s = String(v == null ? '' : v).replace(/[\u0000-\u0020\u007f]/g, '');
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(s);
    if (!s || (m && !/^(https?|mailto|tel)$/i.test(m[1]))) return '#';
    return e(s);
  };
  const posts = Array.isArray(ctx.posts) ? ctx.posts : [];
  const body = posts.length
    ? `<ul class="kd-posts" role="list">${posts.map((p) => `<li class="kd-post-card">
        ${p.image ? `<a href="${url(p.url)}"><img src="${url(p.image)}" alt="" width="640" height="400" loading="lazy"></a>` : ''}
        <p class="kd-eyebrow">${e(ctx.formatDate(p.published_at, 'D MMMM YYYY'))}</p>
        <h2 class="kd-post-card__title"><a href="${url(p.url)}">${e(p.title)}</a></h2>
        ${p.excerpt ? `<p>${e(p.excerpt)}</p>` : ''}</li>`).join('')}</ul>`
    : `<div class="kd-empty"><p class="kd-empty__title">${e(props.emptyTitle)}</p><p class="kd-empty__text">${e(props.emptyText)}</p><a class="kd-link-arrow" href="/collections/all">Browse the shop <span aria-hidden="true">&rarr;</span></a></div>`;
  return `<section class="kd-section kd-blog"><div class="kd-container">
    <header class="kd-listing__head"><h1 class="kd-section__title">${e(props.title)}</h1>${props.subtitle ? `<p class="kd-section__subtitle">${e(props.subtitle)}</p>` : ''}</header>
    ${body}</div></section>`;
}
