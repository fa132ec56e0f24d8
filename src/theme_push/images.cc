// Preview images of the push pipeline (assets.h make_previews), scaled with libvips.
#include <vips/vips.h>

#include <algorithm>
#include <array>
#include <memory>
#include <mutex>

#include "theme_push/assets.h"
#include "themes/package.h"

namespace vitrine::theme_push {
namespace {

// Refused before decoding: a few kilobytes of PNG can announce a 50000x50000 canvas.
constexpr double kMaxPreviewPixels = 40e6;

std::once_flag vips_once;
bool vips_ready = false;

struct GObjectUnref {
  void operator()(void* p) const { g_object_unref(p); }
};
using VipsImagePtr = std::unique_ptr<VipsImage, GObjectUnref>;
struct GFree {
  void operator()(void* p) const { g_free(p); }
};

void drop_vips_log(const gchar*, GLogLevelFlags, const gchar*, gpointer) {}

// libvips' error buffer is per process; take its first line and clear it so the next failure
// does not repeat this one.
std::string take_vips_error() {
  std::string_view buffer = vips_error_buffer();
  std::string message(buffer.substr(0, buffer.find('\n')));
  vips_error_clear();
  return message.empty() ? "unknown libvips error" : message;
}

Result<ScaledImage> encode_jpeg(VipsImage* scaled, std::string_view file_name) {
  VipsImagePtr image(scaled);
  // 16-bit, greyscale and CMYK sources all end up as 8-bit sRGB, which is what JPEG viewers
  // expect and what the flatten below assumes (alpha maximum 255).
  VipsImage* srgb = nullptr;
  if (vips_colourspace(image.get(), &srgb, VIPS_INTERPRETATION_sRGB, nullptr) != 0)
    return fail(errc::kInvalidArgument,
                "preview image '" + std::string(file_name) + "': " + take_vips_error(),
                {{"file", file_name}});
  image.reset(srgb);
  if (vips_image_hasalpha(image.get())) {
    // JPEG has no alpha; transparent regions become white, as on a catalogue card.
    VipsArrayDouble* white = vips_array_double_newv(1, 255.0);
    VipsImage* flat = nullptr;
    const int rc = vips_flatten(image.get(), &flat, "background", white, nullptr);
    vips_area_unref(VIPS_AREA(white));
    if (rc != 0)
      return fail(errc::kInvalidArgument,
                  "preview image '" + std::string(file_name) + "': " + take_vips_error(),
                  {{"file", file_name}});
    image.reset(flat);
  }
  void* buffer = nullptr;
  size_t length = 0;
  if (vips_jpegsave_buffer(image.get(), &buffer, &length, "Q", 82, "strip", TRUE, "interlace", TRUE,
                           nullptr) != 0)
    return fail(
        errc::kInvalidArgument,
        "preview image '" + std::string(file_name) + "' could not be decoded: " + take_vips_error(),
        {{"file", file_name}});
  std::unique_ptr<void, GFree> owned(buffer);
  return ScaledImage{std::string(static_cast<const char*>(buffer), length),
                     vips_image_get_width(image.get()), vips_image_get_height(image.get())};
}

bool is_accepted_loader(std::string_view loader) {
  for (std::string_view prefix :
       {"VipsForeignLoadPng", "VipsForeignLoadJpeg", "VipsForeignLoadWebp", "VipsForeignLoadGif",
        "VipsForeignLoadNsgif"})
    if (loader.substr(0, prefix.size()) == prefix) return true;
  return false;
}

}  // namespace

void init_image_library() {
  std::call_once(vips_once, [] {
    if (VIPS_INIT("vitrine") != 0) {
      vips_error_clear();
      return;
    }
    // Previews are made one at a time inside request handlers: no operation cache to grow, no
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
}

Result<PreviewImages> make_previews(std::string_view image, std::string_view file_name) {
  init_image_library();
  if (!vips_ready) return fail(errc::kInternal, "libvips could not be initialised");
  const std::string name(file_name);
  auto undecodable = [&](const std::string& why) {
    return fail(errc::kInvalidArgument,
                "preview image '" + name + "' is not a PNG, JPEG, WebP or GIF image: " + why,
                {{"file", name}});
  };
  if (image.empty()) return undecodable("the file is empty");

  const char* loader = vips_foreign_find_load_buffer(image.data(), image.size());
  if (!loader) return undecodable(take_vips_error());
  if (!is_accepted_loader(loader)) {
    vips_error_clear();
    return undecodable(std::string("libvips recognises it as ") + loader);
  }

  // Header only: sequential access decodes no pixels until something reads them.
  VipsImage* header_raw = vips_image_new_from_buffer(image.data(), image.size(), "", "access",
                                                     VIPS_ACCESS_SEQUENTIAL, nullptr);
  if (!header_raw) return undecodable(take_vips_error());
  const VipsImagePtr header(header_raw);
  const int width = vips_image_get_width(header.get());
  const int height = vips_image_get_height(header.get());
  if (static_cast<double>(width) * height > kMaxPreviewPixels)
    return fail(errc::kInvalidArgument,
                "preview image '" + name + "' is " + std::to_string(width) + "x" +
                    std::to_string(height) + " pixels; previews may have at most 40 megapixels",
                {{"file", name}, {"width", width}, {"height", height}});

  // vips_thumbnail_buffer takes a non-const buffer but only reads it. fail_on=error: a
  // truncated or corrupt file is refused instead of previewed half grey.
  void* bytes = const_cast<char*>(image.data());
  VipsImage* full = nullptr;
  // Height unbounded: only the width is limited, whatever the aspect ratio.
  if (vips_thumbnail_buffer(bytes, image.size(), &full, kFullWidth, "height", VIPS_MAX_COORD,
                            "size", VIPS_SIZE_DOWN, "option_string", "fail_on=error", nullptr) != 0)
    return undecodable(take_vips_error());
  VITRINE_ASSIGN(ScaledImage full_image, encode_jpeg(full, file_name));

  // The thumbnail is cut from the full preview's JPEG when that is large enough: JPEG shrinks
  // while decoding, so this costs a fraction of decoding the (PNG) source a second time.
  const bool from_full =
      full_image.width >= kThumbnailWidth && full_image.height >= kThumbnailHeight;
  const std::string_view source = from_full ? std::string_view(full_image.jpeg) : image;
  VipsImage* thumb = nullptr;
  if (vips_thumbnail_buffer(const_cast<char*>(source.data()), source.size(), &thumb,
                            kThumbnailWidth, "height", kThumbnailHeight, "crop",
                            VIPS_INTERESTING_CENTRE, "option_string", "fail_on=error",
                            nullptr) != 0)
    return undecodable(take_vips_error());
  VITRINE_ASSIGN(ScaledImage thumbnail, encode_jpeg(thumb, file_name));
  return PreviewImages{std::move(thumbnail), std::move(full_image)};
}

bool is_preview_image(std::string_view path) {
  const std::string ext = themes::extension_of(path);
  for (std::string_view accepted : {"png", "jpg", "jpeg", "webp", "gif"})
    if (ext == accepted) return true;
  return false;
}

}  // namespace vitrine::theme_push
