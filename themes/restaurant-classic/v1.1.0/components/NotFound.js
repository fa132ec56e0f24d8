function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  return `<section class="rc-section rc-text"><div class="rc-container rc-text__inner">
    <p class="rc-eyebrow">404</p>
    <h1 class="rc-title">${e(props.title)}</h1>
    <span class="rc-ornament" aria-hidden="true"></span>
    <p>${e(props.text)}</p>
    <p class="rc-order__actions"><a class="rc-button rc-button--primary" href="/">Home</a> <a class="rc-button rc-button--outline" href="/collections">The menu</a></p>
  </div></section>`;
}
