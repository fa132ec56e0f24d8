#include "media/images.h"

#include <algorithm>
#include <cstring>
#include <mutex>

namespace vitrine::media {
namespace {

std::once_flag vips_once;
bool vips_ready = false;

struct GFree {
  void operator()(void* p) const { g_free(p); }
};

void drop_vips_log(const gchar*, GLogLevelFlags, const gchar*, gpointer) {}

const Format kJpeg{"jpeg", "image/jpeg", "jpg"};
const Format kPng{"png", "image/png", "png"};
const Format kWebp{"webp", "image/webp", "webp"};
const Format kGif{"gif", "image/gif", "gif"};
const Format kAvif{"avif", "image/avif", "avif"};

bool starts_with(std::string_view bytes, std::string_view magic, size_t at = 0) {
  return bytes.size() >= at + magic.size() && bytes.substr(at, magic.size()) == magic;
}

// The ISO BMFF brands of an ftyp box (major and compatible), for AVIF vs HEIC.
std::vector<std::string_view> ftyp_brands(std::string_view bytes) {
  std::vector<std::string_view> brands;
  if (!starts_with(bytes, "ftyp", 4) || bytes.size() < 16) return brands;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t box = (size_t{p[0]} << 24) | (size_t{p[1]} << 16) | (size_t{p[2]} << 8) | p[3];
  box = std::min(box, bytes.size());
  brands.push_back(bytes.substr(8, 4));
  for (size_t at = 16; at + 4 <= box; at += 4) brands.push_back(bytes.substr(at, 4));
  return brands;
}

// True when the bytes look like SVG or any XML/HTML text: refused by name, as they can carry
// scripts.
bool looks_like_markup(std::string_view bytes) {
  std::string_view head = bytes.substr(0, 512);
  if (starts_with(head, "\xEF\xBB\xBF")) head.remove_prefix(3);
  while (!head.empty() && std::isspace(static_cast<unsigned char>(head.front())))
    head.remove_prefix(1);
  return starts_with(head, "<");
}

bool loader_is(std::string_view loader, const Format& format) {
  auto has = [&](std::string_view prefix) { return loader.substr(0, prefix.size()) == prefix; };
  if (format.name == "jpeg") return has("VipsForeignLoadJpeg");
  if (format.name == "png") return has("VipsForeignLoadPng");
  if (format.name == "webp") return has("VipsForeignLoadWebp");
  if (format.name == "gif") return has("VipsForeignLoadGif") || has("VipsForeignLoadNsgif");
  if (format.name == "avif") return has("VipsForeignLoadHeif");
  return false;
}

Result<std::string> webp(VipsImage* scaled) {
  VipsImagePtr image(scaled);
  VipsImage* srgb = nullptr;
  if (vips_colourspace(image.get(), &srgb, VIPS_INTERPRETATION_sRGB, nullptr) != 0)
    return fail(errc::kInvalidArgument, "the image could not be converted: " + take_vips_error());
  image.reset(srgb);
  void* buffer = nullptr;
  size_t length = 0;
  if (vips_webpsave_buffer(image.get(), &buffer, &length, "Q", 80, "strip", TRUE, "effort", 2,
                           nullptr) != 0)
    return fail(errc::kInvalidArgument, "the image could not be encoded: " + take_vips_error());
  std::unique_ptr<void, GFree> owned(buffer);
  return std::string(static_cast<const char*>(buffer), length);
}

}  // namespace

bool init_image_library() {
  std::call_once(vips_once, [] {
    if (VIPS_INIT("vitrine") != 0) {
      vips_error_clear();
      return;
    }
    // Images are scaled one at a time inside request handlers: no operation cache to grow, no
    // worker pool per call, and no loaders for formats we do not accept (ImageMagick, PDF, SVG).
    vips_cache_set_max(0);
    vips_concurrency_set(1);
    vips_block_untrusted_set(TRUE);
    g_log_set_handler("VIPS",
                      static_cast<GLogLevelFlags>(G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE |
                                                  G_LOG_LEVEL_INFO | G_LOG_LEVEL_DEBUG),
                      drop_vips_log, nullptr);
    vips_ready = true;
  });
  return vips_ready;
}

std::string take_vips_error() {
  std::string_view buffer = vips_error_buffer();
  std::string message(buffer.substr(0, buffer.find('\n')));
  vips_error_clear();
  return message.empty() ? "unknown libvips error" : message;
}

std::optional<Format> sniff_format(std::string_view bytes) {
  if (starts_with(bytes, "\xFF\xD8\xFF")) return kJpeg;
  if (starts_with(bytes, "\x89PNG\r\n\x1A\n")) return kPng;
  if (starts_with(bytes, "GIF87a") || starts_with(bytes, "GIF89a")) return kGif;
  if (starts_with(bytes, "RIFF") && starts_with(bytes, "WEBP", 8)) return kWebp;
  for (std::string_view brand : ftyp_brands(bytes))
    if (brand == "avif" || brand == "avis") return kAvif;
  return std::nullopt;
}

std::optional<Format> format_for_type(std::string_view content_type) {
  std::string type(content_type.substr(0, content_type.find(';')));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  std::transform(type.begin(), type.end(), type.begin(), ::tolower);
  for (const Format* f : {&kJpeg, &kPng, &kWebp, &kGif, &kAvif})
    if (type == f->mime) return *f;
  if (type == "image/jpg") return kJpeg;
  return std::nullopt;
}

std::vector<int> variant_widths(int width) {
  std::vector<int> widths;
  const int largest = kResponsiveWidths.back();
  for (int w : kResponsiveWidths)
    if (w < width && w < largest) widths.push_back(w);
  widths.push_back(std::min(width, largest));
  return widths;
}

Result<ProcessedImage> process_image(std::string_view bytes, std::string_view content_type) {
  if (!init_image_library()) return fail(errc::kInternal, "libvips could not be initialised");
  if (bytes.empty()) return fail(errc::kInvalidArgument, "the upload is empty");
  std::optional<Format> format = sniff_format(bytes);
  if (!format) {
    if (looks_like_markup(bytes))
      return fail(errc::kUnsupportedMediaType,
                  "SVG and other markup are not accepted (they can carry scripts); upload a "
                  "PNG, JPEG, WebP, GIF or AVIF image",
                  {{"detected", "markup"}});
    for (std::string_view brand : ftyp_brands(bytes))
      if (brand == "heic" || brand == "heix" || brand == "mif1")
        return fail(errc::kUnsupportedMediaType,
                    "HEIC images are not accepted; upload a PNG, JPEG, WebP, GIF or AVIF image",
                    {{"detected", "heic"}});
    return fail(errc::kUnsupportedMediaType,
                "the bytes are not a PNG, JPEG, WebP, GIF or AVIF image", {{"detected", nullptr}});
  }
  std::string type(content_type.substr(0, content_type.find(';')));
  if (!type.empty() && type != "application/octet-stream") {
    std::optional<Format> declared = format_for_type(type);
    if (!declared)
      return fail(errc::kUnsupportedMediaType,
                  "Content-Type '" + type +
                      "' is not an accepted image type (image/jpeg, "
                      "image/png, image/webp, image/gif, image/avif)",
                  {{"content_type", type}});
    if (declared->name != format->name)
      return fail(errc::kInvalidArgument,
                  "the upload is declared " + declared->mime + " but its bytes are " + format->mime,
                  {{"content_type", type}, {"detected", format->mime}});
  }
  const char* loader = vips_foreign_find_load_buffer(bytes.data(), bytes.size());
  if (!loader || !loader_is(loader, *format)) {
    vips_error_clear();
    return fail(errc::kInvalidArgument,
                "the upload starts like " + format->mime + " but libvips cannot read it",
                {{"detected", format->mime}});
  }

  // The header only: no pixel is decoded before the size is known to be acceptable.
  VipsImage* header_raw = vips_image_new_from_buffer(bytes.data(), bytes.size(), "", "access",
                                                     VIPS_ACCESS_SEQUENTIAL, nullptr);
  if (!header_raw)
    return fail(errc::kInvalidArgument, "the image header is unreadable: " + take_vips_error());
  const VipsImagePtr header(header_raw);
  ProcessedImage out;
  out.format = *format;
  out.width = vips_image_get_width(header.get());
  out.height = vips_image_get_height(header.get());
  out.frames = std::max(1, vips_image_get_n_pages(header.get()));
  const double pixels = static_cast<double>(out.width) * out.height * out.frames;
  if (out.width > kMaxSide || out.height > kMaxSide || pixels > kMaxPixels)
    return fail(errc::kInvalidArgument,
                "the image is " + std::to_string(out.width) + "x" + std::to_string(out.height) +
                    (out.frames > 1 ? " pixels in " + std::to_string(out.frames) + " frames"
                                    : std::string(" pixels")) +
                    "; at most " + std::to_string(kMaxSide) +
                    " pixels a side and 50 megapixels "
                    "in all are accepted",
                {{"width", out.width}, {"height", out.height}, {"frames", out.frames}});

  // vips_thumbnail_buffer takes a non-const buffer but only reads it. fail_on=error: a
  // truncated or corrupt file is refused instead of scaled half grey.
  void* source = const_cast<char*>(bytes.data());
  auto scale = [&](int width, bool square) -> Result<Variant> {
    VipsImage* scaled = nullptr;
    const int rc = square ? vips_thumbnail_buffer(source, bytes.size(), &scaled, width, "height",
                                                  width, "crop", VIPS_INTERESTING_CENTRE,
                                                  "option_string", "fail_on=error", nullptr)
                          : vips_thumbnail_buffer(source, bytes.size(), &scaled, width, "height",
                                                  VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN,
                                                  "option_string", "fail_on=error", nullptr);
    if (rc != 0)
      return fail(errc::kInvalidArgument, "the image does not decode: " + take_vips_error());
    Variant v;
    v.width = vips_image_get_width(scaled);
    v.height = vips_image_get_height(scaled);
    VITRINE_ASSIGN(v.bytes, webp(scaled));
    v.name = square ? "thumb.webp" : "w" + std::to_string(width) + ".webp";
    return v;
  };
  for (int width : variant_widths(out.width)) {
    VITRINE_ASSIGN(auto v, scale(width, false));
    out.variants.push_back(std::move(v));
  }
  VITRINE_ASSIGN(auto thumb, scale(kThumbnailSize, true));
  out.variants.push_back(std::move(thumb));
  return out;
}

}  // namespace vitrine::media
