// Images made by libvips for tests (header-only: only tests that link vitrine_media include it).
#pragma once

#include <gtest/gtest.h>
#include <vips/vips.h>
#include <zlib.h>

#include <string>

#include "media/images.h"

namespace vitrine::testing {

// An image of `width` x `height` in `format` ("jpeg", "png", "webp", "gif", "avif"): a gradient,
// so encoders have something to compress.
inline std::string make_image(const std::string& format, int width, int height) {
  EXPECT_TRUE(media::init_image_library());
  VipsImage* x = nullptr;
  vips_xyz(&x, width, height, nullptr);
  media::VipsImagePtr xyz(x);
  VipsImage* cast = nullptr;
  vips_cast_uchar(xyz.get(), &cast, nullptr);
  media::VipsImagePtr image(cast);
  void* buf = nullptr;
  size_t len = 0;
  int rc = -1;
  if (format == "jpeg") rc = vips_jpegsave_buffer(image.get(), &buf, &len, nullptr);
  if (format == "png") rc = vips_pngsave_buffer(image.get(), &buf, &len, nullptr);
  if (format == "webp") rc = vips_webpsave_buffer(image.get(), &buf, &len, nullptr);
  if (format == "gif") rc = vips_gifsave_buffer(image.get(), &buf, &len, nullptr);
  if (format == "avif")
    rc = vips_heifsave_buffer(image.get(), &buf, &len, "compression",
                              VIPS_FOREIGN_HEIF_COMPRESSION_AV1, nullptr);
  EXPECT_EQ(rc, 0) << format << ": " << media::take_vips_error();
  std::string out(static_cast<const char*>(buf), len);
  g_free(buf);
  return out;
}

// A real PNG whose header claims `width` x `height` (with a valid CRC): a decompression bomb's
// announcement, a few hundred bytes long.
inline std::string png_claiming(int width, int height) {
  std::string png = make_image("png", 8, 8);
  auto put32 = [&](size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) png[at + i] = static_cast<char>((v >> (24 - 8 * i)) & 0xFF);
  };
  put32(16, static_cast<uint32_t>(width));  // IHDR data starts at 16
  put32(20, static_cast<uint32_t>(height));
  uLong crc = crc32(0, reinterpret_cast<const Bytef*>(png.data() + 12), 17);  // type + data
  put32(29, static_cast<uint32_t>(crc));
  return png;
}

}  // namespace vitrine::testing
