function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  return `<section class="kd-section kd-notfound">
  <div class="kd-container kd-notfound__inner">
    <p class="kd-eyebrow">404</p>
    <h1 class="kd-section__title">${e(props.title)}</h1>
    <p class="kd-section__subtitle">${e(props.text)}</p>
    <form class="kd-search" method="get" action="/search" role="search">
      <label class="kd-visually-hidden" for="kd-notfound-q">Search the shop</label>
      <input class="kd-input" id="kd-notfound-q" type="search" name="q" placeholder="Search the shop" maxlength="200">
      <button class="kd-button kd-button--primary" type="submit">Search</button>
    </form>
    <p><a class="kd-link-arrow" href="/">Back to the home page <span aria-hidden="true">&rarr;</span></a></p>
  </div>
</section>`;
}
