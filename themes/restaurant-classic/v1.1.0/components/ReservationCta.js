function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const url = (v) => {
    const s = String(v == null ? '' : v).replace(/[\u0000-\u0020\u007f]/g, '');
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(s);
    if (!s || (m && !/^(https?|mailto|tel)$/i.test(m[1]))) return '#';
    return e(s);
  };
  const anchor = props.anchor ? ctx.slugify(String(props.anchor)) : '';
  const tel = String(props.phone || '').replace(/[^0-9+]/g, '');
  return `<section class="rc-section rc-reserve"${anchor ? ` id="${e(anchor)}"` : ''}>
  <div class="rc-container">
    <div class="rc-reserve__card">
      ${props.eyebrow ? `<p class="rc-eyebrow">${e(props.eyebrow)}</p>` : ''}
      <h2 class="rc-title rc-title--large">${e(props.title)}</h2>
      <span class="rc-ornament rc-ornament--center" aria-hidden="true"></span>
      ${props.text ? `<p class="rc-reserve__text">${e(props.text)}</p>` : ''}
      <div class="rc-reserve__actions">
        ${props.buttonLabel ? `<a class="rc-button rc-button--primary" href="${url(props.buttonUrl)}">${e(props.buttonLabel)}</a>` : ''}
        ${tel ? `<a class="rc-button rc-button--outline" href="tel:${e(tel)}">Call ${e(props.phone)}</a>` : ''}
      </div>
      ${props.note ? `<p class="rc-reserve__note">${e(props.note)}</p>` : ''}
    </div>
  </div>
</section>`;
}
