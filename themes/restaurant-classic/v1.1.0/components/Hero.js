function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const url = (v) => {
    const s = String(v == null ? '' : v).replace(/[\u0000-\u0020\u007f]/g, '');
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(s);
    if (!s || (m && !/^(https?|mailto|tel)$/i.test(m[1]))) return '#';
    return e(s);
  };
  return `<section class="rc-hero">
  <div class="rc-container rc-hero__inner">
    <div class="rc-hero__content">
      ${props.eyebrow ? `<p class="rc-eyebrow rc-eyebrow--light">${e(props.eyebrow)}</p>` : ''}
      <h1 class="rc-hero__title">${e(props.title)}</h1>
      <span class="rc-ornament" aria-hidden="true"></span>
      ${props.subtitle ? `<p class="rc-hero__subtitle">${e(props.subtitle)}</p>` : ''}
      <div class="rc-hero__actions">
        ${props.primaryLabel ? `<a class="rc-button rc-button--primary" href="${url(props.primaryUrl)}">${e(props.primaryLabel)}</a>` : ''}
        ${props.secondaryLabel ? `<a class="rc-button rc-button--light" href="${url(props.secondaryUrl)}">${e(props.secondaryLabel)}</a>` : ''}
      </div>
    </div>
    ${props.image ? `<figure class="rc-hero__media"><img src="${url(props.image)}" alt="${e(props.imageAlt)}" width="560" height="640" decoding="async"></figure>` : ''}
  </div>
</section>`;
}
