function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const url = (v) => {
    const s = String(v == null ? '' : v).replace(/[\u0000-\u0020\u007f]/g, '');
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(s);
    if (!s || (m && !/^(https?|mailto|tel)$/i.test(m[1]))) return '#';
    return e(s);
  };
  const search = ctx.search || { query: '', results: [], count: 0 };
  const results = Array.isArray(search.results) ? search.results : [];
  const pager = search.pagination || {};
  const form = `<form class="kd-search" method="get" action="/search" role="search">
      <label class="kd-visually-hidden" for="kd-search-q">${e(props.placeholder)}</label>
      <input class="kd-input" id="kd-search-q" type="search" name="q" value="${e(search.query)}" placeholder="${e(props.placeholder)}" maxlength="200">
      <button class="kd-button kd-button--primary" type="submit">${e(props.buttonLabel)}</button>
    </form>`;
  let body = '';
  if (search.query && results.length) {
    body = `<p class="kd-listing__count">${e(search.count)} ${search.count === 1 ? 'result' : 'results'} for “${e(search.query)}”</p>
      <ul class="kd-grid kd-grid--4" role="list">${results.map((p) => `<li class="kd-card"><a class="kd-card__link" href="${url(p.url)}">
        <div class="kd-card__media">${p.image ? `<img src="${url(p.image)}" alt="${e(p.title)}" loading="lazy" width="480" height="600">` : ''}</div>
        <div class="kd-card__body"><h2 class="kd-card__title">${e(p.title)}</h2><p class="kd-card__price">${e(ctx.formatPrice(p.price, p.currency || 'USD'))}</p></div></a></li>`).join('')}</ul>
      ${pager.pages > 1 ? `<nav class="kd-pagination" aria-label="Pages">${pager.previous_url ? `<a class="kd-button kd-button--outline" href="${url(pager.previous_url)}" rel="prev">Previous</a>` : '<span></span>'}<span class="kd-pagination__status">Page ${e(pager.page)} of ${e(pager.pages)}</span>${pager.next_url ? `<a class="kd-button kd-button--outline" href="${url(pager.next_url)}" rel="next">Next</a>` : '<span></span>'}</nav>` : ''}`;
  } else if (search.query) {
    body = `<div class="kd-empty"><p class="kd-empty__title">No results for “${e(search.query)}”</p><p class="kd-empty__text">${e(props.emptyText)}</p><a class="kd-link-arrow" href="/collections/all">Browse all products <span aria-hidden="true">&rarr;</span></a></div>`;
  }
  return `<section class="kd-section kd-listing">
  <div class="kd-container">
    <header class="kd-listing__head"><h1 class="kd-section__title">${e(props.title)}</h1></header>
    ${form}
    ${body}
  </div>
</section>`;
}
