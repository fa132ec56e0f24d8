#include "blob/s3_xml.h"

#include <expat.h>

#include <cstdint>
#include <memory>

namespace vitrine::blob::internal {
namespace {

struct ParserDeleter {
  void operator()(XML_ParserStruct* p) const { XML_ParserFree(p); }
};

struct Reader {
  std::vector<S3XmlElement> out;
  std::vector<std::string> texts;  // one per open element
  std::string path;
};

void on_start(void* data, const XML_Char* name, const XML_Char**) {
  auto* r = static_cast<Reader*>(data);
  if (!r->path.empty()) r->path.push_back('/');
  r->path += name;
  r->texts.emplace_back();
}

void on_end(void* data, const XML_Char*) {
  auto* r = static_cast<Reader*>(data);
  r->out.push_back({r->path, std::move(r->texts.back())});
  r->texts.pop_back();
  size_t slash = r->path.rfind('/');
  r->path.erase(slash == std::string::npos ? 0 : slash);
}

void on_text(void* data, const XML_Char* s, int len) {
  auto* r = static_cast<Reader*>(data);
  if (!r->texts.empty()) r->texts.back().append(s, static_cast<size_t>(len));
}

}  // namespace

Result<std::vector<S3XmlElement>> parse_s3_xml(std::string_view xml) {
  if (xml.size() > static_cast<size_t>(INT32_MAX))
    return fail(errc::kIo, "S3 answer: XML too large");
  std::unique_ptr<XML_ParserStruct, ParserDeleter> parser(XML_ParserCreate("UTF-8"));
  if (!parser) return fail(errc::kIo, "S3 answer: cannot create an XML parser");
  Reader reader;
  XML_SetUserData(parser.get(), &reader);
  XML_SetElementHandler(parser.get(), on_start, on_end);
  XML_SetCharacterDataHandler(parser.get(), on_text);
  if (XML_Parse(parser.get(), xml.data(), static_cast<int>(xml.size()), XML_TRUE) !=
      XML_STATUS_OK) {
    auto line = XML_GetCurrentLineNumber(parser.get());
    auto column = XML_GetCurrentColumnNumber(parser.get()) + 1;
    return fail(errc::kIo,
                "S3 answer is not well-formed XML: line " + std::to_string(line) + ", column " +
                    std::to_string(column) + ": " + XML_ErrorString(XML_GetErrorCode(parser.get())),
                {{"line", line}, {"column", column}});
  }
  return std::move(reader.out);
}

std::string s3_xml_text(std::string_view xml, std::string_view path) {
  auto elements = parse_s3_xml(xml);
  if (!elements.ok()) return "";
  for (const S3XmlElement& e : *elements)
    if (e.path == path) return e.text;
  return "";
}

}  // namespace vitrine::blob::internal
