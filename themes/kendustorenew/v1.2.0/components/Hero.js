function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const url = (v) => {
    const s = String(v == null ? '' : v).replace(/[\u0000-\u0020\u007f]/g, '');
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(s);
    if (!s || (m && !/^(https?|mailto|tel)$/i.test(m[1]))) return '#';
    return e(s);
  };
  const layout = props.layout === 'centered' ? 'centered' : 'split';
  const buttons = [
    props.primaryLabel ? `<a class="kd-button kd-button--primary" href="${url(props.primaryUrl)}">${e(props.primaryLabel)}</a>` : '',
    props.secondaryLabel ? `<a class="kd-button kd-button--ghost" href="${url(props.secondaryUrl)}">${e(props.secondaryLabel)}</a>` : ''
  ].join('');
  const media = props.image
    ? `<div class="kd-hero__media"><img src="${url(props.image)}" alt="${e(props.imageAlt)}" width="640" height="560" loading="eager" decoding="async"></div>`
    : '';
  return `<section class="kd-hero kd-hero--${layout}">
  <div class="kd-container kd-hero__inner">
    <div class="kd-hero__content">
      ${props.eyebrow ? `<p class="kd-eyebrow">${e(props.eyebrow)}</p>` : ''}
      <h1 class="kd-hero__title">${e(props.title)}</h1>
      ${props.subtitle ? `<p class="kd-hero__subtitle">${e(props.subtitle)}</p>` : ''}
      ${buttons ? `<div class="kd-hero__actions">${buttons}</div>` : ''}
    </div>
    ${media}
  </div>
</section>`;
}
