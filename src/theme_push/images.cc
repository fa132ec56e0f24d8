// Preview images of the push pipeline (assets.h make_previews), scaled with libvips.
#include "media/images.h"

#include <vips/vips.h>

#include <algorithm>
#include <array>
#include <memory>

#include "theme_push/assets.h"
#include "themes/package.h"

namespace vitrine::theme_push {
namespace {

// Refused before decoding: a few kilobytes of PNG can announce a 50000x50000 canvas.
constexpr double kMaxPreviewPixels = 40e6;

using media::take_vips_error;
using media::VipsImagePtr;

struct GFree {
  void operator()(void* p) const { g_free(p); }
};

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

void init_image_library() { media::init_image_library(); }

Result<PreviewImages> make_previews(std::string_view image, std::string_view file_name) {
  if (!media::init_image_library())
    return fail(errc::kInternal, "libvips could not be initialised");
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
