function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const url = (v) => {
    const s = String(v == null ? '' : v).replace(/[\u0000-\u0020\u007f]/g, '');
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(s);
    if (!s || (m && !/^(https?|mailto|tel)$/i.test(m[1]))) return '#';
    return e(s);
  };
  const anchor = props.anchor ? ctx.slugify(String(props.anchor)) : '';
  const inputId = 'jr-email-' + (anchor || 'newsletter');
  return `<section class="jr-section jr-newsletter"${anchor ? ` id="${e(anchor)}"` : ''}>
  <div class="jr-container">
    <div class="jr-newsletter__box">
      <svg class="jr-newsletter__icon" viewBox="0 0 48 48" width="48" height="48" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"><rect x="6" y="11" width="36" height="26" rx="3"/><path d="M7 13l17 13 17-13"/></svg>
      <h2 class="jr-newsletter__title">${e(props.title)}</h2>
      ${props.text ? `<p class="jr-newsletter__text">${e(props.text)}</p>` : ''}
      ${props.action ? `<form class="jr-newsletter__form" action="${url(props.action)}" method="post">
        <label class="jr-visually-hidden" for="${e(inputId)}">Email address</label>
        <input id="${e(inputId)}" type="email" name="email" required autocomplete="email" placeholder="${e(props.placeholder || 'you@example.com')}">
        <button class="jr-button" type="submit">${e(props.buttonLabel || 'Subscribe')}</button>
      </form>` : `<p><a class="jr-button" href="/blog/feed.xml">${e(props.feedLabel || 'Follow the feed')}</a></p>`}
      ${props.note ? `<p class="jr-newsletter__note">${e(props.note)}</p>` : ''}
    </div>
  </div>
</section>`;
}
