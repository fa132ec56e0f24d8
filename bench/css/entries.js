// The three CSS pipelines bench/css.sh measures in V8; each bundle defines minifyFor(css) and
// cssCheck(css) (JSON of the parse errors with their line:column).
import * as csso from 'csso';
import * as csstree from 'css-tree';

const MODE = process.env.CSS_MODE;  // replaced at bundle time by esbuild --define

function errorsOf(parse, css) {
  const errors = [];
  parse(css, { positions: true, onParseError(e) { errors.push(`${e.line}:${e.column} ${e.message}`); } });
  return errors;
}

if (MODE === 'csso') {
  // csso 5 with its own css-tree 2: parse, structural compression, print.
  globalThis.minifyFor = (css) => csso.syntax.generate(csso.syntax.compress(
      csso.syntax.parse(css, { positions: true, onParseError() {} }), { restructure: true }).ast);
  globalThis.cssCheck = (css) => JSON.stringify(errorsOf(csso.syntax.parse, css));
} else {
  // css-tree 3: parse and print (whitespace and comments go; no structural compression, which
  // csso cannot do on css-tree 3 trees).
  globalThis.minifyFor = (css) => csstree.generate(csstree.parse(css, { positions: true, onParseError() {} }));
  globalThis.cssCheck = (css) => JSON.stringify(errorsOf(csstree.parse, css));
}
