// Full-text search that gives the same answers on both backends: SQLite's FTS5 (unicode61
// tokenizer, remove_diacritics) and PostgreSQL's tsvector with the 'simple' configuration. The
// theme catalogue and the shop catalogue both index through these, so a query finds the same
// rows on either database.
#pragma once

#include <string>
#include <string_view>

#include "db/database.h"

namespace vitrine::db {

// `text` as the PostgreSQL index must see it to tokenise like FTS5's unicode61: ASCII
// punctuation separates words and Latin letters lose their diacritics (case is folded by
// to_tsvector). Index columns with to_tsvector('simple', search_text(...)); SQLite needs nothing.
std::string search_text(std::string_view text);

// The match expression for free text typed by a user: every word a prefix term, all required —
// an FTS5 MATCH string on SQLite, a to_tsquery('simple', ...) string on PostgreSQL. User input
// can never inject query syntax. Empty when the text has no words (match nothing).
std::string full_text_query(Dialect dialect, std::string_view text);

}  // namespace vitrine::db
