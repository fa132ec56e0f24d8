function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const url = (v) => {
    const s = String(v == null ? '' : v).replace(/[\u0000-\u0020\u007f]/g, '');
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(s);
    if (!s || (m && !/^(https?|mailto|tel)$/i.test(m[1]))) return '#';
    return e(s);
  };
  const s = ctx.search || { query: '', results: [] };
  const results = Array.isArray(s.results) ? s.results : [];
  const list = s.query
    ? results.length
      ? `<ul class="rc-menu__list rc-menu__list--one" role="list">${results.map((p) => `<li class="rc-dish"><div class="rc-dish__line"><h2 class="rc-dish__name"><a href="${url(p.url)}">${e(p.title)}</a></h2><span class="rc-dish__leader" aria-hidden="true"></span><span class="rc-dish__price">${e(ctx.formatPrice(p.price, p.currency || 'EUR'))}</span></div>${p.description ? `<p class="rc-dish__desc">${e(p.description)}</p>` : ''}</li>`).join('')}</ul>`
      : `<p class="rc-menu__empty">Nothing on the menu matches “${e(s.query)}”.</p>`
    : '';
  return `<section class="rc-section rc-search"><div class="rc-container">
    <header class="rc-menu__head"><h1 class="rc-title">${e(props.title)}</h1><span class="rc-ornament" aria-hidden="true"></span></header>
    <form class="rc-search__form" method="get" action="/search" role="search">
      <label class="rc-visually-hidden" for="rc-q">${e(props.placeholder)}</label>
      <input class="rc-input" id="rc-q" type="search" name="q" value="${e(s.query)}" placeholder="${e(props.placeholder)}" maxlength="200">
      <button class="rc-button rc-button--primary rc-button--small" type="submit">Search</button>
    </form>
    ${list}
  </div></section>`;
}
