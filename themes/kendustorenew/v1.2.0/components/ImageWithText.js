function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const url = (v) => {
    const s = String(v == null ? '' : v).replace(/[\u0000-\u0020\u007f]/g, '');
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(s);
    if (!s || (m && !/^(https?|mailto|tel)$/i.test(m[1]))) return '#';
    return e(s);
  };
  const paragraphs = String(props.body == null ? '' : props.body)
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${e(p)}</p>`)
    .join('');
  const position = props.imagePosition === 'right' ? 'right' : 'left';
  return `<section class="kd-section kd-split kd-split--image-${position}">
  <div class="kd-container kd-split__inner">
    <div class="kd-split__media">${props.image ? `<img src="${url(props.image)}" alt="${e(props.imageAlt)}" loading="lazy" decoding="async" width="640" height="520">` : ''}</div>
    <div class="kd-split__content">
      ${props.eyebrow ? `<p class="kd-eyebrow">${e(props.eyebrow)}</p>` : ''}
      <h2 class="kd-section__title">${e(props.title)}</h2>
      <div class="kd-prose">${paragraphs}</div>
      ${props.buttonLabel ? `<a class="kd-button kd-button--outline" href="${url(props.buttonUrl)}">${e(props.buttonLabel)}</a>` : ''}
    </div>
  </div>
</section>`;
}
