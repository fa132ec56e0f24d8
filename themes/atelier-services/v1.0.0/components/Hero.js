function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const url = (v) => {
    const s = String(v == null ? '' : v).replace(/[\u0000-\u0020\u007f]/g, '');
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(s);
    if (!s || (m && !/^(https?|mailto|tel)$/i.test(m[1]))) return '#';
    return e(s);
  };
  const lines = (v) => String(v == null ? '' : v).split('\n').map((l) => e(l.trim())).filter(Boolean).join('<br>');
  const stats = (Array.isArray(props.stats) ? props.stats : [])
    .filter((s) => s && s.value)
    .map((s) => `<div class="at-stat"><dt>${e(s.label)}</dt><dd>${e(s.value)}</dd></div>`)
    .join('');
  return `<section class="at-hero">
  <div class="at-container at-hero__inner">
    <div class="at-hero__content">
      ${props.badge ? `<p class="at-badge"><span class="at-badge__dot" aria-hidden="true"></span>${e(props.badge)}</p>` : ''}
      <h1 class="at-hero__title">${lines(props.title)}</h1>
      ${props.subtitle ? `<p class="at-hero__subtitle">${e(props.subtitle)}</p>` : ''}
      <div class="at-hero__actions">
        ${props.primaryLabel ? `<a class="at-button at-button--primary" href="${url(props.primaryUrl)}">${e(props.primaryLabel)} <span aria-hidden="true">&rarr;</span></a>` : ''}
        ${props.secondaryLabel ? `<a class="at-button at-button--ghost" href="${url(props.secondaryUrl)}">${e(props.secondaryLabel)}</a>` : ''}
      </div>
      ${stats ? `<dl class="at-hero__stats">${stats}</dl>` : ''}
    </div>
    ${props.image ? `<div class="at-hero__media"><img src="${url(props.image)}" alt="${e(props.imageAlt)}" width="600" height="600" decoding="async"></div>` : ''}
  </div>
</section>`;
}
