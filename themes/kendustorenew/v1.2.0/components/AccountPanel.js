function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const url = (v) => {
    const s = String(v == null ? '' : v).replace(/[\u0000-\u0020\u007f]/g, '');
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(s);
    if (!s || (m && !/^(https?|mailto|tel)$/i.test(m[1]))) return '#';
    return e(s);
  };
  const user = ctx.user;
  const account = ctx.account || {};
  let view = account.view || 'login';
  if (!user && (view === 'overview' || view === 'orders')) view = 'login';
  const notice = account.error
    ? `<p class="kd-alert" role="alert">${e(account.error)}</p>`
    : account.message ? `<p class="kd-notice" role="status">${e(account.message)}</p>` : '';
  const input = (name, label, type, auto, extra) => `<label class="kd-field"><span class="kd-field__label">${e(label)}</span>
      <input class="kd-input" type="${type}" name="${name}" autocomplete="${auto}" ${extra || ''}></label>`;
  const card = (title, body) => `<section class="kd-section kd-account"><div class="kd-container kd-account__inner">
      <h1 class="kd-section__title">${e(title)}</h1>${notice}${body}</div></section>`;
  if (view === 'register') {
    return card('Create an account', `<form class="kd-account__form" method="post" action="/account/register">
      ${input('name', 'Name', 'text', 'name', 'maxlength="120"')}
      ${input('email', 'Email', 'email', 'email', 'required maxlength="254"')}
      ${input('password', 'Password (at least 8 characters)', 'password', 'new-password', 'required minlength="8" maxlength="200"')}
      <label class="kd-choice"><input type="checkbox" name="accepts_marketing" value="1"> <span>${e(props.marketingLabel)}</span></label>
      <button class="kd-button kd-button--primary kd-button--block" type="submit">Create account</button>
      <p>Already have an account? <a href="/account/login">Sign in</a></p></form>`);
  }
  if (view === 'reset') {
    const token = account.token || '';
    return card('Reset your password', token
      ? `<form class="kd-account__form" method="post" action="/account/reset">
          <input type="hidden" name="token" value="${e(token)}">
          ${input('password', 'New password', 'password', 'new-password', 'required minlength="8" maxlength="200"')}
          <button class="kd-button kd-button--primary kd-button--block" type="submit">Set password</button></form>`
      : `<form class="kd-account__form" method="post" action="/account/reset">
          <p>Enter your email and we will send you a link to choose a new password.</p>
          ${input('email', 'Email', 'email', 'email', 'required maxlength="254"')}
          <button class="kd-button kd-button--primary kd-button--block" type="submit">Send reset link</button>
          <p><a href="/account/login">Back to sign in</a></p></form>`);
  }
  if (view === 'login') {
    return card('Sign in', `<form class="kd-account__form" method="post" action="/account/login">
      ${input('email', 'Email', 'email', 'email', 'required maxlength="254"')}
      ${input('password', 'Password', 'password', 'current-password', 'required maxlength="200"')}
      <button class="kd-button kd-button--primary kd-button--block" type="submit">Sign in</button>
      <p><a href="/account/reset">Forgot your password?</a></p>
      <p>New here? <a href="/account/register">Create an account</a></p></form>`);
  }
  const orders = Array.isArray(account.orders) ? account.orders : [];
  const list = orders.length
    ? `<table class="kd-table"><thead><tr><th scope="col">Order</th><th scope="col">Date</th><th scope="col">Status</th><th scope="col">Total</th></tr></thead><tbody>${orders.map((o) => `<tr>
        <td><a href="${url(o.url)}">${e(o.name)}</a></td><td>${e(ctx.formatDate(o.created_at, 'D MMM YYYY'))}</td><td>${e(o.status)}</td><td>${e(ctx.formatPrice(o.total, o.currency || 'USD'))}</td></tr>`).join('')}</tbody></table>`
    : '<p class="kd-empty__text">You have not placed any orders yet.</p>';
  return card(view === 'orders' ? 'Your orders' : 'Your account', `<p>Signed in as <strong>${e(user.email)}</strong>.</p>
    ${list}
    <form method="post" action="/account/logout"><button class="kd-button kd-button--outline" type="submit">Sign out</button></form>`);
}
