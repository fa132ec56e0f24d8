// What names a URL: the answer a module gives when another asks whether something it shows uses
// a file (the media library refuses to delete a file a live page, product or post names).
#pragma once

#include <string>

namespace vitrine {

struct ContentReference {
  std::string kind;  // page | template | product | collection | post | theme_settings
  std::string id, title;
};

}  // namespace vitrine
