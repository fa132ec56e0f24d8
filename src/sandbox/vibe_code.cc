#include "sandbox/vibe_code.h"

#include <algorithm>
#include <mutex>
#include <optional>

#include "sandbox/v8_support.h"

namespace vitrine::sandbox {
namespace {

// ---- A small JavaScript tokenizer, enough to find identifiers outside strings, comments,
// template text and regular expressions. V8 has already checked (or will check) the syntax;
// this only has to skip literal text correctly.

struct Token {
  enum Kind { kIdent, kPunct, kLiteral } kind;
  std::string_view text;
  int line;
  int column;
};

class Tokenizer {
 public:
  explicit Tokenizer(std::string_view src) : src_(src) {}

  std::vector<Token> run() {
    while (i_ < src_.size()) {
      char c = src_[i_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        advance(1);
      } else if (starts_with("//")) {
        while (i_ < src_.size() && src_[i_] != '\n') advance(1);
      } else if (starts_with("/*")) {
        advance(2);
        while (i_ < src_.size() && !starts_with("*/")) advance(1);
        advance(2);
      } else if (c == '\'' || c == '"') {
        quoted(c);
      } else if (c == '`') {
        advance(1);
        template_text();
      } else if (c == '}' && !template_depths_.empty() && template_depths_.back() == braces_) {
        template_depths_.pop_back();
        advance(1);
        template_text();
      } else if (is_ident_start(c)) {
        identifier();
      } else if ((c >= '0' && c <= '9') ||
                 (c == '.' && i_ + 1 < src_.size() && src_[i_ + 1] >= '0' && src_[i_ + 1] <= '9')) {
        number();
      } else if (c == '/' && regex_allowed_) {
        regex();
      } else {
        punct();
      }
    }
    return std::move(tokens_);
  }

 private:
  static bool is_ident_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' ||
           static_cast<unsigned char>(c) >= 0x80 || c == '\\';
  }
  static bool is_ident_part(char c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }

  bool starts_with(std::string_view s) const { return src_.substr(i_, s.size()) == s; }

  // Moves over n bytes, counting lines and UTF-16 columns.
  void advance(size_t n) {
    for (size_t k = 0; k < n && i_ < src_.size(); ++k, ++i_) {
      auto b = static_cast<unsigned char>(src_[i_]);
      if (b == '\n') {
        ++line_;
        column_ = 1;
      } else if ((b & 0xC0) != 0x80) {
        column_ += b >= 0xF0 ? 2 : 1;  // a 4-byte sequence is a surrogate pair in UTF-16
      }
    }
  }

  void emit(Token::Kind kind, size_t start, int line, int column) {
    tokens_.push_back({kind, src_.substr(start, i_ - start), line, column});
  }

  void quoted(char quote) {
    size_t start = i_;
    int line = line_, column = column_;
    advance(1);
    while (i_ < src_.size() && src_[i_] != quote && src_[i_] != '\n')
      advance(src_[i_] == '\\' ? 2 : 1);
    advance(1);
    emit(Token::kLiteral, start, line, column);
    regex_allowed_ = false;
  }

  // Template text up to the closing backquote, or up to "${" (then tokens follow until the
  // matching '}').
  void template_text() {
    while (i_ < src_.size()) {
      if (src_[i_] == '\\') {
        advance(2);
      } else if (src_[i_] == '`') {
        advance(1);
        tokens_.push_back({Token::kLiteral, "``", line_, column_});
        regex_allowed_ = false;
        return;
      } else if (starts_with("${")) {
        advance(2);
        template_depths_.push_back(braces_);
        regex_allowed_ = true;
        return;
      } else {
        advance(1);
      }
    }
  }

  void identifier() {
    size_t start = i_;
    int line = line_, column = column_;
    while (i_ < src_.size() && is_ident_part(src_[i_])) advance(src_[i_] == '\\' ? 2 : 1);
    emit(Token::kIdent, start, line, column);
    static constexpr std::string_view kBeforeExpression[] = {
        "return", "typeof", "instanceof", "in", "of",   "new",   "delete",
        "void",   "throw",  "case",       "do", "else", "yield", "await"};
    std::string_view word = tokens_.back().text;
    regex_allowed_ = std::find(std::begin(kBeforeExpression), std::end(kBeforeExpression), word) !=
                     std::end(kBeforeExpression);
  }

  void number() {
    size_t start = i_;
    int line = line_, column = column_;
    while (i_ < src_.size()) {
      char c = src_[i_];
      if ((c == 'e' || c == 'E') && i_ + 1 < src_.size() &&
          (src_[i_ + 1] == '+' || src_[i_ + 1] == '-') && src_.substr(start, 2) != "0x") {
        advance(2);
      } else if (is_ident_part(c) || c == '.') {
        advance(1);
      } else {
        break;
      }
    }
    emit(Token::kLiteral, start, line, column);
    regex_allowed_ = false;
  }

  void regex() {
    size_t start = i_;
    int line = line_, column = column_;
    advance(1);
    bool in_class = false;
    while (i_ < src_.size() && src_[i_] != '\n') {
      char c = src_[i_];
      if (c == '\\') {
        advance(2);
        continue;
      }
      advance(1);
      if (c == '[') in_class = true;
      if (c == ']') in_class = false;
      if (c == '/' && !in_class) break;
    }
    while (i_ < src_.size() && is_ident_part(src_[i_])) advance(1);  // flags
    emit(Token::kLiteral, start, line, column);
    regex_allowed_ = false;
  }

  void punct() {
    size_t start = i_;
    int line = line_, column = column_;
    char c = src_[i_];
    advance(starts_with("...") ? 3 : 1);
    if (c == '{') ++braces_;
    if (c == '}') --braces_;
    emit(Token::kPunct, start, line, column);
    // After ')' and ']' a '/' divides; after '}' it more often starts a statement.
    regex_allowed_ = c != ')' && c != ']';
  }

  std::string_view src_;
  size_t i_ = 0;
  int line_ = 1;
  int column_ = 1;
  int braces_ = 0;
  std::vector<int> template_depths_;  // brace depth at each open "${"
  bool regex_allowed_ = true;
  std::vector<Token> tokens_;
};

bool is_punct(const Token* t, std::string_view text) {
  return t && t->kind == Token::kPunct && t->text == text;
}

struct StaticFindings {
  std::vector<CodeIssue> issues;  // import / require
  bool defines_render = false;
};

StaticFindings scan(std::string_view code) {
  StaticFindings out;
  std::vector<Token> tokens = Tokenizer(code).run();
  int depth = 0;  // ( [ { nesting
  auto at = [&](size_t k) -> const Token* { return k < tokens.size() ? &tokens[k] : nullptr; };
  for (size_t k = 0; k < tokens.size(); ++k) {
    const Token& t = tokens[k];
    if (t.kind == Token::kPunct) {
      if (t.text == "(" || t.text == "[" || t.text == "{") ++depth;
      if (t.text == ")" || t.text == "]" || t.text == "}") depth = std::max(0, depth - 1);
      continue;
    }
    if (t.kind != Token::kIdent) continue;
    const Token* prev = k > 0 ? at(k - 1) : nullptr;
    const Token* next = at(k + 1);
    const bool property = is_punct(prev, ".");
    const bool object_key = is_punct(next, ":") && (is_punct(prev, "{") || is_punct(prev, ","));
    if (t.text == "import" && !property && !object_key) {
      out.issues.push_back({t.line, t.column, "import_not_allowed",
                            "`import` is not allowed: vibe code cannot load modules (use the "
                            "data on ctx.data)"});
    } else if (t.text == "require" && !property && !object_key) {
      out.issues.push_back({t.line, t.column, "require_not_allowed",
                            "`require` is not allowed: vibe code cannot load modules (use the "
                            "data on ctx.data)"});
    } else if (depth == 0 && t.text == "function") {
      const Token* name = is_punct(next, "*") ? at(k + 2) : next;
      if (name && name->kind == Token::kIdent && name->text == "render") out.defines_render = true;
    } else if (depth == 0 && (t.text == "const" || t.text == "let" || t.text == "var")) {
      if (next && next->kind == Token::kIdent && next->text == "render" && is_punct(at(k + 2), "="))
        out.defines_render = true;
    }
  }
  return out;
}

// ---- Syntax check with V8: compile only, on an isolate of its own (never runs code).

class SyntaxChecker {
 public:
  SyntaxChecker() {
    internal::ensure_v8_initialized();
    allocator_ = internal::new_budgeted_allocator(1u << 20);
    v8::Isolate::CreateParams params;
    params.array_buffer_allocator = allocator_.get();
    params.constraints.ConfigureDefaultsFromHeapSize(0, 64u << 20);
    isolate_ = v8::Isolate::New(params);
    v8::Locker locker(isolate_);
    v8::Isolate::Scope isolate_scope(isolate_);
    v8::HandleScope handles(isolate_);
    v8::Local<v8::Context> ctx = v8::Context::New(isolate_);
    ctx->AllowCodeGenerationFromStrings(false);
    context_.Reset(isolate_, ctx);
  }
  // Never destroyed (a function-local static): V8 may be torn down first at exit.

  std::optional<CodeIssue> check(std::string_view code) {
    std::lock_guard lk(mu_);
    v8::Locker locker(isolate_);
    v8::Isolate::Scope isolate_scope(isolate_);
    v8::HandleScope handles(isolate_);
    v8::Local<v8::Context> ctx = context_.Get(isolate_);
    v8::Context::Scope context_scope(ctx);
    std::string body(code);
    body.append(internal::kComponentFactorySuffix);
    v8::Local<v8::String> source;
    if (!v8::String::NewFromUtf8(isolate_, body.data(), v8::NewStringType::kNormal,
                                 static_cast<int>(body.size()))
             .ToLocal(&source))
      return CodeIssue{1, 1, "syntax_error", "the code is not valid UTF-8 text"};
    v8::TryCatch tc(isolate_);
    v8::ScriptOrigin origin(isolate_, v8::String::NewFromUtf8Literal(isolate_, "vibe"));
    v8::ScriptCompiler::Source src(source, origin);
    v8::Local<v8::Function> fn;
    if (v8::ScriptCompiler::CompileFunction(ctx, &src).ToLocal(&fn)) return std::nullopt;
    CodeIssue issue{1, 1, "syntax_error", "the code does not parse"};
    if (tc.HasCaught()) {
      v8::String::Utf8Value text(isolate_, tc.Exception());
      if (*text) issue.message.assign(*text, text.length());
      v8::Local<v8::Message> message = tc.Message();
      if (!message.IsEmpty()) {
        issue.line = std::max(1, message->GetLineNumber(ctx).FromMaybe(1));
        issue.column = std::max(1, message->GetStartColumn(ctx).FromMaybe(0) + 1);
      }
    }
    return issue;
  }

 private:
  std::mutex mu_;
  std::unique_ptr<v8::ArrayBuffer::Allocator> allocator_;
  v8::Isolate* isolate_ = nullptr;
  v8::Global<v8::Context> context_;
};

SyntaxChecker& syntax_checker() {
  static SyntaxChecker& checker = *std::make_unique<SyntaxChecker>().release();
  return checker;
}

}  // namespace

std::vector<CodeIssue> validate_vibe_code(std::string_view code) {
  if (code.size() > kMaxVibeCodeBytes)
    return {{1, 1, "too_large",
             "vibe code is " + std::to_string(code.size()) + " bytes; the limit is " +
                 std::to_string(kMaxVibeCodeBytes)}};
  StaticFindings found = scan(code);
  std::vector<CodeIssue> issues = std::move(found.issues);
  if (auto syntax = syntax_checker().check(code)) {
    // A static import is also a SyntaxError ("Cannot use import statement outside a module"):
    // report it once, as the import.
    bool duplicate = syntax->message.find("import") != std::string::npos &&
                     std::any_of(issues.begin(), issues.end(), [&](const CodeIssue& i) {
                       return i.code == "import_not_allowed" && i.line == syntax->line;
                     });
    if (!duplicate) issues.push_back(std::move(*syntax));
  }
  if (!found.defines_render)
    issues.push_back({1, 1, "missing_render",
                      "vibe code must define `function render(props, ctx)` at the top level"});
  std::stable_sort(issues.begin(), issues.end(), [](const CodeIssue& a, const CodeIssue& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  return issues;
}

}  // namespace vitrine::sandbox
