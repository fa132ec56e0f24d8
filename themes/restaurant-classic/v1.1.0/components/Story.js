function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const url = (v) => {
    const s = String(v == null ? '' : v).replace(/[\u0000-\u0020\u007f]/g, '');
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(s);
    if (!s || (m && !/^(https?|mailto|tel)$/i.test(m[1]))) return '#';
    return e(s);
  };
  const anchor = props.anchor ? ctx.slugify(String(props.anchor)) : '';
  const paragraphs = String(props.body == null ? '' : props.body)
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${e(p)}</p>`)
    .join('');
  return `<section class="rc-section rc-story"${anchor ? ` id="${e(anchor)}"` : ''}>
  <div class="rc-container rc-story__inner">
    ${props.image ? `<figure class="rc-story__media"><img src="${url(props.image)}" alt="${e(props.imageAlt)}" width="560" height="620" loading="lazy" decoding="async"></figure>` : ''}
    <div class="rc-story__content">
      ${props.eyebrow ? `<p class="rc-eyebrow">${e(props.eyebrow)}</p>` : ''}
      <h2 class="rc-title">${e(props.title)}</h2>
      <div class="rc-prose">${paragraphs}</div>
      ${props.signature ? `<p class="rc-story__signature">${e(props.signature)}</p>` : ''}
    </div>
  </div>
</section>`;
}
