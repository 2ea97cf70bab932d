#include "io/type_sniffer.h"

#include <gst/base/gsttypefindhelper.h>
#include <gst/gst.h>

namespace ser::io {

SniffedType sniff_type(const std::string& path, const std::vector<unsigned char>& head) {
  SniffedType type;
  if (head.empty()) return type;
  const auto slash = path.find_last_of('/');
  const auto dot = path.find_last_of('.');
  const std::string extension =
      dot != std::string::npos && (slash == std::string::npos || dot > slash) ? path.substr(dot + 1) : "";
  GstTypeFindProbability probability = GST_TYPE_FIND_NONE;
  GstCaps* caps = gst_type_find_helper_for_data_with_extension(
      nullptr, head.data(), head.size(), extension.empty() ? nullptr : extension.c_str(), &probability);
  if (caps && probability >= GST_TYPE_FIND_LIKELY && gst_caps_get_size(caps) > 0) {
    gchar* text = gst_caps_to_string(caps);
    type.caps = text;
    g_free(text);
    type.name = gst_structure_get_name(gst_caps_get_structure(caps, 0));
  }
  if (caps) gst_caps_unref(caps);
  return type;
}

}  // namespace ser::io
