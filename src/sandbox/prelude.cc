// The JavaScript that every sandbox runs once before any component: the ctx helpers and the
// lockdown of the realm (see js_sandbox.h). Kept in JavaScript so that helper calls never cross
// into C++ (each crossing costs ~0.65 µs; a page makes hundreds of escapeHtml calls).
#include "sandbox/prelude.h"

#include <string>

#include "core/currency.h"

namespace vitrine::sandbox::internal {

namespace {

constexpr std::string_view kSource = R"JS(
(function (global, coreSlugify) {
  'use strict';

  const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  const NEEDS_ESCAPE = /[&<>"']/;
  const ESCAPE_ALL = /[&<>"']/g;
  const escapeChar = (c) => ESCAPES[c];
  function escapeHtml(value) {
    if (value == null) return '';
    const s = typeof value === 'string' ? value : String(value);
    return NEEDS_ESCAPE.test(s) ? s.replace(ESCAPE_ALL, escapeChar) : s;
  }

  // Intl.NumberFormat('en-US', {style: 'currency'}) symbols and digits, without Intl.
  const SYMBOLS = {
    USD: '$', EUR: '€', GBP: '£', JPY: '¥', CNY: 'CN¥', INR: '₹', KRW: '₩', CAD: 'CA$',
    AUD: 'A$', NZD: 'NZ$', HKD: 'HK$', MXN: 'MX$', BRL: 'R$', ILS: '₪', VND: '₫', TWD: 'NT$',
    PHP: '₱', XAF: 'FCFA', XOF: 'F\u202fCFA',
  };
  // Digits of the currencies not in hundredths: core/currency.h's table, put in below.
  const DIGITS = CURRENCY_DIGITS;
  const CURRENCY_CODE = /^[A-Za-z]{3}$/;
  const THOUSANDS = /\B(?=(\d{3})+(?!\d))/g;
  function formatPrice(amount, currency) {
    const n = typeof amount === 'number' ? amount : Number(amount);
    if (!isFinite(n)) return '';
    const code = typeof currency === 'string' && CURRENCY_CODE.test(currency)
      ? currency.toUpperCase() : 'USD';
    const digits = DIGITS[code] === undefined ? 2 : DIGITS[code];
    const scale = Math.pow(10, digits);
    // Round half away from zero on the decimal value, as Intl does (toFixed alone rounds the
    // binary value: 1.005 → "1.00").
    const rounded = Math.round(Math.abs(n) * scale + 1e-7) / scale;
    const fixed = rounded.toFixed(digits);
    const dot = fixed.indexOf('.');
    const whole = (dot < 0 ? fixed : fixed.slice(0, dot)).replace(THOUSANDS, ',');
    const body = dot < 0 ? whole : whole + fixed.slice(dot);
    const sign = n < 0 && rounded !== 0 ? '-' : '';
    const symbol = SYMBOLS[code];
    return symbol !== undefined ? sign + symbol + body : sign + code + '\u00a0' + body;
  }

  const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
    'September', 'October', 'November', 'December'];
  const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/i;
  const TOKENS = /\[([^\]]*)\]|YYYY|YY|MMMM|MMM|MM|M|DD|D|dddd|ddd|HH|H|hh|h|mm|ss|A|a/g;
  const pad2 = (v) => (v < 10 ? '0' + v : '' + v);
  // Date fields {y, mo (0-11), d, h, mi, s, wd} or null.
  function dateFields(value) {
    if (typeof value === 'string') {
      const s = value.trim();
      const m = ISO.exec(s);
      if (m) {
        const y = +m[1], mo = +m[2] - 1, d = +m[3];
        const h = m[4] ? +m[4] : 0, mi = m[5] ? +m[5] : 0, sec = m[6] ? +m[6] : 0;
        const t = new Date(Date.UTC(y, mo, d));
        if (t.getUTCMonth() !== mo || t.getUTCDate() !== d || h > 23 || mi > 59 || sec > 59) {
          return null;
        }
        return { y, mo, d, h, mi, s: sec, wd: t.getUTCDay() };
      }
      if (!s) return null;
      value = new Date(s);
    } else if (typeof value === 'number') {
      value = new Date(value);
    }
    if (!(value instanceof Date) || isNaN(value.getTime())) return null;
    return {
      y: value.getUTCFullYear(), mo: value.getUTCMonth(), d: value.getUTCDate(),
      h: value.getUTCHours(), mi: value.getUTCMinutes(), s: value.getUTCSeconds(),
      wd: value.getUTCDay(),
    };
  }
  function formatDate(value, format) {
    const f = dateFields(value);
    if (f === null) return '';
    const fmt = typeof format === 'string' && format ? format : 'YYYY-MM-DD';
    return fmt.replace(TOKENS, (token, literal) => {
      if (literal !== undefined) return literal;
      switch (token) {
        case 'YYYY': return String(f.y).padStart(4, '0');
        case 'YY': return pad2(f.y % 100);
        case 'MMMM': return MONTHS[f.mo];
        case 'MMM': return MONTHS[f.mo].slice(0, 3);
        case 'MM': return pad2(f.mo + 1);
        case 'M': return String(f.mo + 1);
        case 'DD': return pad2(f.d);
        case 'D': return String(f.d);
        case 'dddd': return DAYS[f.wd];
        case 'ddd': return DAYS[f.wd].slice(0, 3);
        case 'HH': return pad2(f.h);
        case 'H': return String(f.h);
        case 'hh': return pad2(f.h % 12 === 0 ? 12 : f.h % 12);
        case 'h': return String(f.h % 12 === 0 ? 12 : f.h % 12);
        case 'mm': return pad2(f.mi);
        case 'ss': return pad2(f.s);
        case 'A': return f.h < 12 ? 'AM' : 'PM';
        default: return f.h < 12 ? 'am' : 'pm';
      }
    });
  }

  // The platform's one slugify (core/text.h), the same one workspaces and the catalogue use, so a
  // component's link to /products/<slug> matches the slug the catalogue derived.
  function slugify(value) {
    if (value == null) return '';
    return coreSlugify(String(value));
  }

  // Media library URLs ("/cdn/media/<workspace>/<sha256>/<width>x<height>.<ext>", after an
  // origin or not) and their WebP variants, by the rule of media/images.h variant_widths: every
  // responsive width below the original's, then min(original, the largest).
  const MEDIA_WIDTHS = [320, 640, 1280];
  const MEDIA_URL = /^(.*\/cdn\/media\/[^/]+\/[0-9a-f]{64}\/)(\d{1,5})x\d{1,5}\.[a-z]+$/;
  function mediaWidths(url) {
    const m = typeof url === 'string' ? MEDIA_URL.exec(url) : null;
    if (!m) return null;
    const width = Number(m[2]);
    const largest = MEDIA_WIDTHS[MEDIA_WIDTHS.length - 1];
    const widths = MEDIA_WIDTHS.filter((w) => w < width && w < largest);
    widths.push(Math.min(width, largest));
    return { base: m[1], widths };
  }
  // The srcset of a media URL ("…/w320.webp 320w, …/w640.webp 640w"), '' for other URLs.
  function srcset(url) {
    const media = mediaWidths(url);
    if (!media) return '';
    return media.widths.map((w) => `${media.base}w${w}.webp ${w}w`).join(', ');
  }
  // The media URL's narrowest variant at least `width` pixels wide (the widest when none is);
  // any other URL unchanged.
  function mediaUrl(url, width) {
    const media = mediaWidths(url);
    if (!media) return url == null ? '' : String(url);
    const wanted = Number(width) || 0;
    const w = media.widths.find((v) => v >= wanted) || media.widths[media.widths.length - 1];
    return `${media.base}w${w}.webp`;
  }

  const isArray = Array.isArray;
  const freeze = Object.freeze;
  const keys = Object.keys;
  const assign = Object.assign;

  // generateId's counter starts over with every page (pages render one at a time per isolate).
  let nextId = 0;
  const generateId = () => 'vid-' + ++nextId;
  // The ctx helpers, on ctx itself and as ctx.helpers (the seed's WorkerContext name).
  const helpers = freeze({ escapeHtml, formatPrice, formatDate, slugify, generateId, srcset,
                           mediaUrl });

  // Builds a page's ctx from the parsed ctx JSON and, when the page has a cached catalogue
  // snapshot, that (frozen) snapshot; otherwise ctx JSON's own "data" (called once per page).
  function makeCtx(raw, snapshot) {
    const source = raw !== null && typeof raw === 'object' ? raw : {};
    const given = snapshot !== undefined ? snapshot : source.data;
    const data = given !== null && typeof given === 'object' ? given : {};
    const products = isArray(data.products) ? data.products : [];
    const collections = isArray(data.collections) ? data.collections : [];
    nextId = 0;
    const ctx = {};
    for (const k of keys(source)) if (k !== 'data') ctx[k] = source[k];
    ctx.data = freeze({
      products(options) {
        let list = products;
        const wanted = options != null ? options.collection : undefined;
        if (wanted !== undefined && wanted !== null && wanted !== '') {
          list = list.filter((p) => p != null && (p.collection === wanted ||
            (isArray(p.collections) && p.collections.indexOf(wanted) >= 0)));
        }
        const limit = options != null ? Math.floor(Number(options.limit)) : NaN;
        return limit > 0 ? list.slice(0, limit) : list.slice();
      },
      collections() {
        return collections.slice();
      },
    });
    assign(ctx, helpers);
    // The seed's WorkerContext names, so a render function written against that interface runs
    // unchanged: the same objects as above.
    ctx.storefront = ctx.site !== undefined ? ctx.site : null;
    ctx.products = products;
    ctx.collections = collections;
    if (ctx.cart === undefined) ctx.cart = null;  // no carts yet: every visitor's is empty
    if (ctx.user === undefined) ctx.user = null;  // no customer accounts yet: a guest
    ctx.helpers = helpers;
    ctx.children = '';
    return freeze(ctx);
  }

  // Freezes a parsed catalogue snapshot, every object and array in it, so that one cached copy
  // can serve many pages (ctx.data is read-only).
  function freezeData(root) {
    const stack = [root];
    while (stack.length > 0) {
      const o = stack.pop();
      if (o === null || typeof o !== 'object' || Object.isFrozen(o)) continue;
      freeze(o);
      for (const k of keys(o)) stack.push(o[k]);
    }
    return root;
  }

  // The root component's ctx: the page's ctx plus the blocks' HTML.
  function withChildren(ctx, children) {
    const rootCtx = {};
    for (const k of keys(ctx)) rootCtx[k] = ctx[k];
    rootCtx.children = children;
    return freeze(rootCtx);
  }

  // ---- lockdown ----
  // The admin's editor runs these helpers in a browser page (prelude_for_browser()): there the
  // realm is the editor's own, so it is not locked down and there is nothing to watch.
  if (global === null) return { makeCtx, withChildren, freezeData };
  // Legacy RegExp statics (RegExp.$1, lastMatch, ...) hold the last match of any page: remove.
  for (const name of ['$1', '$2', '$3', '$4', '$5', '$6', '$7', '$8', '$9', 'input', '$_',
    'lastMatch', '$&', 'lastParen', '$+', 'leftContext', '$`', 'rightContext', "$'"]) {
    delete RegExp[name];
  }
  // No WebAssembly; no callbacks that would run outside a render call.
  for (const name of ['WebAssembly', 'FinalizationRegistry', 'WeakRef', 'SharedArrayBuffer',
    'Atomics']) {
    delete global[name];
  }
  // Intrinsics not reachable by property names from the global object.
  const proto = Object.getPrototypeOf;
  const hidden = [];
  function* generator() {}
  async function asyncFunction() {}
  async function* asyncGenerator() {}
  hidden.push(proto(generator), proto(generator()), proto(asyncFunction), proto(asyncGenerator),
    proto(asyncGenerator()), proto([][Symbol.iterator]()), proto(proto([][Symbol.iterator]())),
    proto(new Map()[Symbol.iterator]()), proto(new Set()[Symbol.iterator]()),
    proto(''[Symbol.iterator]()), proto(/a/[Symbol.matchAll]('')), proto(Uint8Array),
    proto(proto(asyncGenerator())));
  // The ctx helpers are the same function objects on every page of every site: a property set on
  // one (or on its .prototype) would carry data to the next page. They are watched, not frozen:
  // frozen helper functions made a page of the sample theme ~13% slower (bench/render.sh 2,951
  // vs 3,406 pages/s).
  hidden.push(helpers);
  try {
    // %ThrowTypeError% and friends.
    hidden.push(Object.getOwnPropertyDescriptor(Function.prototype, 'caller').get);
  } catch (e) {}
  // Objects whose shape V8's fast paths check: freezing one changes its map and sends every
  // regular expression call (or array iteration, ...) down a slow path, ~10 times slower. These
  // stay unfrozen and are watched instead: intact() compares them with a snapshot after every
  // page, and a sandbox whose builtins were tampered with is replaced before the next page.
  const helperFunctions = Object.values(helpers);
  const WATCHED = [RegExp.prototype, ...helperFunctions,
    ...helperFunctions.map((f) => f.prototype).filter((p) => p !== undefined)];
  const watched = new Set(WATCHED);
  const seen = new Set();
  const pending = [global, ...hidden];
  while (pending.length > 0) {
    const o = pending.pop();
    if (o === null || (typeof o !== 'object' && typeof o !== 'function') || seen.has(o)) continue;
    seen.add(o);
    if (!watched.has(o)) freeze(o);
    pending.push(proto(o));
    for (const key of Reflect.ownKeys(o)) {
      const d = Reflect.getOwnPropertyDescriptor(o, key);
      if (d === undefined) continue;
      if ('value' in d) pending.push(d.value);
      else pending.push(d.get, d.set);
    }
  }
  const ownKeys = Reflect.ownKeys;
  const describe = Reflect.getOwnPropertyDescriptor;
  const isExtensible = Object.isExtensible;
  const snapshot = (o) => {
    const names = ownKeys(o);
    return { o, prototype: proto(o), names, descriptors: names.map((k) => describe(o, k)) };
  };
  const snapshots = WATCHED.map(snapshot);
  const same = (a, b) => a.value === b.value && a.get === b.get && a.set === b.set &&
    a.writable === b.writable && a.enumerable === b.enumerable &&
    a.configurable === b.configurable;
  // True when every watched object still has exactly its original prototype and properties.
  function intact() {
    for (const s of snapshots) {
      const o = s.o;
      if (proto(o) !== s.prototype || !isExtensible(o)) return false;
      const names = ownKeys(o);
      if (names.length !== s.names.length) return false;
      for (let i = 0; i < names.length; i++) {
        if (names[i] !== s.names[i]) return false;
        const d = describe(o, names[i]);
        if (d === undefined || !same(d, s.descriptors[i])) return false;
      }
    }
    return true;
  }
  return { makeCtx, withChildren, intact, freezeData };
})
)JS";

// `{"BHD":3,"BIF":0,...}`: the digits table as a JavaScript object literal.
std::string currency_digits_literal() {
  std::string out = "{";
  for (const auto& [code, digits] : currencies_not_in_hundredths()) {
    if (out.size() > 1) out += ',';
    out.append("\"").append(code).append("\":").append(std::to_string(digits));
  }
  return out + "}";
}

}  // namespace

std::string_view prelude_source() {
  static const std::string source = [] {
    std::string s(kSource);
    const std::string_view marker = "CURRENCY_DIGITS";
    s.replace(s.find(marker), marker.size(), currency_digits_literal());
    return s;
  }();
  return source;
}

}  // namespace vitrine::sandbox::internal
