function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const url = (v) => {
    const s = String(v == null ? '' : v).replace(/[\u0000-\u0020\u007f]/g, '');
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(s);
    if (!s || (m && !/^(https?|mailto|tel)$/i.test(m[1]))) return '#';
    return e(s);
  };
  const tones = { primary: 'primary', dark: 'dark', sand: 'sand' };
  const tone = tones[props.tone] || 'primary';
  const id = 'kd-nl-' + ctx.slugify(String(props.title || 'newsletter')).slice(0, 40);
  return `<section class="kd-section kd-newsletter-wrap">
  <div class="kd-container">
    <div class="kd-newsletter kd-newsletter--${tone}">
      <div class="kd-newsletter__copy">
        ${props.eyebrow ? `<p class="kd-eyebrow">${e(props.eyebrow)}</p>` : ''}
        <h2 class="kd-newsletter__title">${e(props.title)}</h2>
        ${props.text ? `<p class="kd-newsletter__text">${e(props.text)}</p>` : ''}
      </div>
      <form class="kd-newsletter__form" action="${url(props.action)}" method="post">
        <input type="hidden" name="newsletter" value="1">
        <label class="kd-visually-hidden" for="${e(id)}">Email address</label>
        <div class="kd-newsletter__row">
          <input id="${e(id)}" class="kd-input" type="email" name="email" required autocomplete="email" placeholder="${e(props.placeholder || 'you@example.com')}">
          <button class="kd-button kd-button--newsletter" type="submit">${e(props.buttonLabel || 'Subscribe')}</button>
        </div>
        ${props.note ? `<p class="kd-newsletter__note">${e(props.note)}</p>` : ''}
      </form>
    </div>
  </div>
</section>`;
}
